"""The pure pipeline: decode → split entries → parse → enrich → route. No Kafka in here."""

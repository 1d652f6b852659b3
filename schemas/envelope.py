"""``RawEnvelope``: the optional JSON wrapper of a message on the raw topic."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, StringConstraints

ContentType = Literal["text/plain", "text/html"]


class RawEnvelope(BaseModel):
    """A scraped live-blog page or entry. Only ``content`` is required.

    Unknown fields are ignored so scrapers can add metadata without breaking workers.
    """

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)

    blog_id: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = None
    source: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = None
    url: Annotated[str, StringConstraints(max_length=2_000)] | None = None
    fetched_at: AwareDatetime | None = None
    content_type: ContentType = "text/plain"
    content: str

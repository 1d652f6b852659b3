import sys
import unicodedata

from workers.pipeline.cleaning import clean_line, clean_text


def test_every_control_and_format_character_is_removed() -> None:
    invisible = "".join(
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in ("Cc", "Cf") and chr(c) not in "\n\t"
    )
    cleaned = clean_text(f"a{invisible}b")
    assert cleaned.replace("\n", "") == "ab"


def test_line_breaks_are_unified_and_markup_removed() -> None:
    assert clean_text("a\r\nb\rc\u2028d") == "a\nb\nc\nd"
    assert clean_line("x <b>bold</b> 3 < 5 and 6 > 2 <!-- note -->") == "x bold 3 < 5 and 6 > 2"

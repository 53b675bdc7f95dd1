"""Characters, declared once: those text must not start with or hold (issue #20), shared by the facts file's
checks (data/validation.py refuses them) and the output (render/formats.py shows or neutralises what gets through);
what a Han character is; where a sentence ends. Plain strings: importing this costs nothing at start-up."""

# Invisible characters, refused in facts text and shown escaped on output like control characters: zero-width
# spaces and joiners, the direction marks (LRM, RLM, ALM), the word joiner and invisible operators, a
# byte-order mark inside text, and the tag characters. Each can hide text in plain sight: a figure that looks
# the same but does not match, an id that is not the one it seems. A regular-expression class body.
INVISIBLE = "\u061c\u180e\u200b-\u200f\u2060-\u2064\ufeff\U000e0000-\U000e007f"

# What a spreadsheet runs as a formula when a CSV cell starts with it (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Han ideographs: CJK Unified (with extension A, and B to F beyond the BMP) and the compatibility block. A
# regular-expression class body. Search also cuts kana into single characters (data/search_index.py).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"

# Where a sentence ends (a date or a citation reads the whole sentence) ...
SENTENCE_END = "。！？!?"
# ... and where a segment of one ends: certainty is read per segment, by `verify` and by `draft` alike.
SEGMENT_END = "。；！？;!?"

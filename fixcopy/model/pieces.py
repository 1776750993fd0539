"""SentencePiece encoding with exact character offsets into the original text.

The shipped SentencePiece model uses the ``identity`` normalisation without whitespace
folding, so pieces (with byte fallback) concatenate back to the input: every piece has an
exact span of the original string, and no NFKC-rewritten text ever reaches a suggestion.
"""

from __future__ import annotations

from pathlib import Path


class Pieces:
    """SentencePiece encoding with character offsets into the original string."""

    def __init__(self, model_path: str | Path):
        import sentencepiece as spm

        self.sp = spm.SentencePieceProcessor(model_file=str(model_path))
        self.vocab = [self.sp.id_to_piece(i) for i in range(self.sp.get_piece_size())]

    def __len__(self) -> int:
        return len(self.vocab)

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Piece ids and, for each, its (start, end) character span in ``text`` (the span
        of a piece that starts with a space marker includes that space)."""
        ids = self.sp.encode(text)
        spans: list[tuple[int, int]] = []
        pos = -1  # the dummy prefix space before the text
        pending = 0  # bytes of a byte-fallback character still to come
        vocab = self.vocab
        for i in ids:
            piece = vocab[i]
            if len(piece) == 6 and piece.startswith("<0x") and piece.endswith(">"):
                b = int(piece[3:5], 16)
                if pending:
                    pending -= 1
                    spans.append((max(pos - 1, 0), max(pos, 0)))
                    continue
                pending = 1 if b >= 0xC0 else 0
                pending = 2 if b >= 0xE0 else pending
                pending = 3 if b >= 0xF0 else pending
                spans.append((max(pos, 0), pos + 1))
                pos += 1
                continue
            n = len(piece)
            spans.append((max(pos, 0), pos + n))
            pos += n
        return ids, spans

"""Convert SmolLM2's GGUF file (llama.cpp format) into a CTranslate2 model, without torch.

The weights are read and dequantised with the ``gguf`` package (numpy), then put into
CTranslate2's spec for a decoder-only Llama model (what CTranslate2's own transformers
converter, ``LlamaLoader``, fills for ``LlamaForCausalLM``). llama.cpp's converter permutes
the rows of the q and k projections for its interleaved rotary layout; they are permuted back
here so that the spec uses the same (non-interleaved, "rotate half") rotary as Hugging Face's Llama.

The tokenizer is rebuilt from the GGUF metadata (``tokenizer.ggml.*``: byte-level BPE with
gpt2-style merges, SmolLM's digit splitting, the special tokens) as a ``tokenizers`` JSON file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CONVERTER_VERSION = 1

# the rotary layout llama.cpp's converter writes: per head, pairs of rows interleaved
_ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class GgufInfo:
    num_layers: int
    num_heads: int
    num_heads_kv: int
    hidden: int
    context_length: int
    rope_base: float
    rms_eps: float
    vocab_size: int
    bos_id: int
    eos_id: int
    unk_id: int


def _field(reader, key, default=None):
    f = reader.fields.get(key)
    if f is None:
        return default
    return f.contents()


def read_info(reader) -> GgufInfo:
    arch = _field(reader, "general.architecture")
    if arch != "llama":
        raise ValueError(f"not a Llama GGUF (general.architecture = {arch!r})")
    heads = int(_field(reader, "llama.attention.head_count"))
    tokens = reader.fields["tokenizer.ggml.tokens"]
    return GgufInfo(
        num_layers=int(_field(reader, "llama.block_count")),
        num_heads=heads,
        num_heads_kv=int(_field(reader, "llama.attention.head_count_kv", heads)),
        hidden=int(_field(reader, "llama.embedding_length")),
        context_length=int(_field(reader, "llama.context_length")),
        rope_base=float(_field(reader, "llama.rope.freq_base", 10000.0)),
        rms_eps=float(_field(reader, "llama.attention.layer_norm_rms_epsilon")),
        vocab_size=int(_field(reader, "llama.vocab_size", len(tokens.data))),
        bos_id=int(_field(reader, "tokenizer.ggml.bos_token_id")),
        eos_id=int(_field(reader, "tokenizer.ggml.eos_token_id")),
        unk_id=int(_field(reader, "tokenizer.ggml.unknown_token_id", 0)),
    )


def unpermute_rotary(w, n_head: int):
    """Undo llama.cpp's ``permute`` of a q/k projection (rows = n_head * head_dim)."""
    rows = w.shape[0]
    return w.reshape(n_head, rows // n_head // 2, 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def _tensor(tensors: dict, name: str):
    import numpy as np
    from gguf import GGMLQuantizationType
    from gguf.quants import dequantize

    t = tensors[name]
    if t.tensor_type in (GGMLQuantizationType.F32, GGMLQuantizationType.F16):
        arr = np.asarray(t.data, dtype=np.float32)
    else:
        arr = dequantize(t.data, t.tensor_type)
    # gguf lists the shape innermost first; numpy's order is (rows, cols) = (out, in)
    shape = tuple(int(x) for x in reversed(t.shape))
    return np.ascontiguousarray(arr.reshape(shape), dtype=np.float32)


def build_spec(gguf_path: str | Path, progress: _ProgressFn | None = None):
    """Return (spec, info, vocabulary tokens) for the GGUF file."""
    import numpy as np
    from ctranslate2.specs import common_spec, transformer_spec
    from gguf import GGUFReader

    reader = GGUFReader(str(gguf_path))
    info = read_info(reader)
    tensors = {t.name: t for t in reader.tensors}
    total = info.num_layers + 2
    done = 0

    spec = transformer_spec.TransformerDecoderModelSpec.from_config(
        info.num_layers,
        info.num_heads,
        activation=common_spec.Activation.SWISH,
        pre_norm=True,
        ffn_glu=True,
        rms_norm=True,
        rotary_dim=0,
        rotary_interleave=False,
        rotary_base=info.rope_base,
        num_heads_kv=None if info.num_heads_kv == info.num_heads else info.num_heads_kv,
    )
    dec = spec.decoder
    dec.scale_embeddings = False
    embed = _tensor(tensors, "token_embd.weight")
    dec.embeddings.weight = embed
    dec.layer_norm.gamma = _tensor(tensors, "output_norm.weight")
    # SmolLM2 ties the output projection to the embeddings (no output.weight in the file)
    dec.projection.weight = _tensor(tensors, "output.weight") if "output.weight" in tensors else embed
    done += 1
    if progress:
        progress(done, total)

    for i, layer in enumerate(dec.layer):
        p = f"blk.{i}."
        layer.self_attention.layer_norm.gamma = _tensor(tensors, p + "attn_norm.weight")
        layer.ffn.layer_norm.gamma = _tensor(tensors, p + "ffn_norm.weight")
        q = unpermute_rotary(_tensor(tensors, p + "attn_q.weight"), info.num_heads)
        k = unpermute_rotary(_tensor(tensors, p + "attn_k.weight"), info.num_heads_kv)
        v = _tensor(tensors, p + "attn_v.weight")
        layer.self_attention.linear[0].weight = np.concatenate([q, k, v])
        layer.self_attention.linear[1].weight = _tensor(tensors, p + "attn_output.weight")
        layer.ffn.linear_0.weight = _tensor(tensors, p + "ffn_gate.weight")
        layer.ffn.linear_0_noact.weight = _tensor(tensors, p + "ffn_up.weight")
        layer.ffn.linear_1.weight = _tensor(tensors, p + "ffn_down.weight")
        done += 1
        if progress:
            progress(done, total)

    tokens = [str(t) for t in reader.fields["tokenizer.ggml.tokens"].contents()]
    spec.config.bos_token = tokens[info.bos_id]
    spec.config.eos_token = tokens[info.eos_id]
    spec.config.unk_token = tokens[info.unk_id]
    spec.config.layer_norm_epsilon = info.rms_eps
    spec.register_vocabulary(tokens)
    return spec, info, reader


def build_tokenizer(reader):
    """A ``tokenizers.Tokenizer`` rebuilt from the GGUF's ``tokenizer.ggml.*`` metadata."""
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers

    model = _field(reader, "tokenizer.ggml.model")
    if model != "gpt2":
        raise ValueError(f"unsupported tokenizer model {model!r} (expected byte-level BPE 'gpt2')")
    tokens = [str(t) for t in reader.fields["tokenizer.ggml.tokens"].contents()]
    types = list(reader.fields["tokenizer.ggml.token_type"].contents())
    merges = [tuple(str(m).split(" ", 1)) for m in reader.fields["tokenizer.ggml.merges"].contents()]
    vocab = {tok: i for i, tok in enumerate(tokens)}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges, fuse_unk=False, byte_fallback=False))
    pre = _field(reader, "tokenizer.ggml.pre", "gpt2")
    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)
    if pre == "smollm":
        # llama.cpp's SMOLLM pre-tokenizer: each digit apart, then gpt2's regex
        tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True), byte_level])
    elif pre in ("gpt2", "default"):
        tok.pre_tokenizer = byte_level
    else:
        raise ValueError(f"unsupported pre-tokenizer {pre!r}")
    tok.decoder = decoders.ByteLevel()
    # token_type 3 = control (llama.cpp): special tokens, never produced from plain text
    special = [AddedToken(tokens[i], special=True, normalized=False) for i, t in enumerate(types) if t == 3]
    tok.add_special_tokens(special)
    return tok


def convert_gguf(
    gguf_path: str | Path,
    out_dir: str | Path,
    quantization: str = "int8",
    progress: _ProgressFn | None = None,
) -> dict:
    """Write a CTranslate2 model (model.bin, config.json, vocabulary.json) and tokenizer.json
    into ``out_dir`` (which must not exist yet or be empty). Returns facts for metadata.json."""
    out = Path(out_dir)
    spec, info, reader = build_spec(gguf_path, progress)
    spec.validate()
    spec.optimize(quantization=quantization)
    out.mkdir(parents=True, exist_ok=True)
    spec.save(str(out))
    tok = build_tokenizer(reader)
    tok.save(str(out / "tokenizer.json"))
    return {
        "context_length": info.context_length,
        "num_layers": info.num_layers,
        "hidden_size": info.hidden,
        "vocab_size": info.vocab_size,
        "bos_token_id": info.bos_id,
        "eos_token_id": info.eos_id,
        "quantization": quantization,
        "converter_version": CONVERTER_VERSION,
    }


def main() -> None:  # python -m fixcopy.lm.convert GGUF OUT [quantization]
    import sys
    import time

    t0 = time.perf_counter()
    facts = convert_gguf(sys.argv[1], sys.argv[2], *(sys.argv[3:4] or ["int8"]))
    print(json.dumps(facts), f"{time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()

"""Read a shipped CTranslate2 BERT encoder (``model.bin``) back into a PyTorch state dict, so
that a detector can be trained further from the shipped weights when its training run is gone.

``model.bin`` is the layout ``ctranslate2.specs.ModelSpec._serialize`` writes (binary version
6): the spec name, then each variable as name, rank, shape, dtype id and raw bytes, then
aliases. int8 weights come with a per-row ``weight_scale``: float = int8 / scale. The QKV
projection is stored fused; it is split back into query, key and value here. This inverts
``ctranslate2.converters.transformers.BertLoader``.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


def read_model_bin(path: str | Path) -> dict[str, np.ndarray]:
    """The variables of a CTranslate2 ``model.bin``, int8 weights dequantised to float32."""
    buf = Path(path).read_bytes()
    pos = 0

    def unpack(fmt: str):
        nonlocal pos
        (v,) = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return v

    def string() -> str:
        nonlocal pos
        n = unpack("H")
        s = buf[pos : pos + n - 1].decode("utf-8")
        pos += n
        return s

    version = unpack("I")
    if version != 6:
        raise ValueError(f"{path}: CTranslate2 binary version {version}, this reader knows 6")
    string()  # spec name
    unpack("I")  # spec revision
    raw: dict[str, np.ndarray] = {}
    for _ in range(unpack("I")):
        name = string()
        shape = [unpack("I") for _ in range(unpack("B"))]
        dtype = _DTYPES[unpack("B")]
        nbytes = unpack("I")
        raw[name] = np.frombuffer(buf, dtype=dtype, count=nbytes // np.dtype(dtype).itemsize, offset=pos).reshape(shape)
        pos += nbytes
    out = {}
    for name, arr in raw.items():
        if name.endswith("/weight_scale"):
            continue
        scale = raw.get(name + "_scale")
        if scale is not None and arr.dtype == np.int8:
            arr = arr.astype(np.float32) / scale.astype(np.float32)[:, None]
        out[name] = arr
    return out


def bert_state_dict(model_dir: str | Path) -> dict:
    """A ``BertForTokenClassification`` state dict (``bert.*`` and ``classifier.*``) from a
    shipped detector folder (``model.bin``, ``head_weight.npy``, ``head_bias.npy``)."""
    import torch

    d = Path(model_dir)
    v = read_model_bin(d / "model.bin")
    t = lambda a: torch.tensor(np.array(a, dtype=np.float32))  # noqa: E731
    sd = {
        "bert.embeddings.word_embeddings.weight": t(v["encoder/embeddings_0/weight"]),
        "bert.embeddings.token_type_embeddings.weight": t(v["encoder/embeddings_1/weight"]),
        "bert.embeddings.position_embeddings.weight": t(v["encoder/position_encodings/encodings"]),
        "bert.embeddings.LayerNorm.weight": t(v["encoder/layernorm_embedding/gamma"]),
        "bert.embeddings.LayerNorm.bias": t(v["encoder/layernorm_embedding/beta"]),
        "classifier.weight": t(np.load(d / "head_weight.npy")),
        "classifier.bias": t(np.load(d / "head_bias.npy")),
    }
    k = 0
    while f"encoder/layer_{k}/self_attention/linear_0/weight" in v:
        src, dst = f"encoder/layer_{k}", f"bert.encoder.layer.{k}"
        qkv_w = v[f"{src}/self_attention/linear_0/weight"]
        qkv_b = v[f"{src}/self_attention/linear_0/bias"]
        h = qkv_w.shape[0] // 3
        for i, part in enumerate(("query", "key", "value")):
            sd[f"{dst}.attention.self.{part}.weight"] = t(qkv_w[i * h : (i + 1) * h])
            sd[f"{dst}.attention.self.{part}.bias"] = t(qkv_b[i * h : (i + 1) * h])
        pairs = {
            "attention.output.dense": "self_attention/linear_1",
            "intermediate.dense": "ffn/linear_0",
            "output.dense": "ffn/linear_1",
        }
        for hf, ct in pairs.items():
            sd[f"{dst}.{hf}.weight"] = t(v[f"{src}/{ct}/weight"])
            sd[f"{dst}.{hf}.bias"] = t(v[f"{src}/{ct}/bias"])
        for hf, ct in {
            "attention.output.LayerNorm": "self_attention/layer_norm",
            "output.LayerNorm": "ffn/layer_norm",
        }.items():
            sd[f"{dst}.{hf}.weight"] = t(v[f"{src}/{ct}/gamma"])
            sd[f"{dst}.{hf}.bias"] = t(v[f"{src}/{ct}/beta"])
        k += 1
    return sd

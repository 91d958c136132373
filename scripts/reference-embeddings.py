#!/usr/bin/env python3
"""Computes all-MiniLM-L6-v2 sentence embeddings with nothing but numpy: a
from-scratch BERT tokenizer (basic + WordPiece) and forward pass, mean
pooling and L2 normalisation. The vectors it writes are the reference the
Rust embedder (candle) is tested against: two independent implementations
of the same model must agree.

    python3 -m venv /tmp/ref && /tmp/ref/bin/pip install numpy
    /tmp/ref/bin/python scripts/reference-embeddings.py /opt/osool/all-MiniLM-L6-v2 \
        > data/fixtures/minilm-reference.json
"""
import json
import math
import struct
import sys
import unicodedata

import numpy as np

SENTENCES = [
    "3 bedroom apartment in New Cairo under 10 million",
    "Villa with a private garden in Sheikh Zayed.",
    "Chalet on the North Coast, ready to move!",
]


def load_safetensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            continue  # position_ids buffers (I64): not weights
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype="<f4").reshape(info["shape"]).astype(np.float64)
    return tensors


def is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def basic_tokens(text):
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    tokens = []
    for word in text.split():
        current = ""
        for ch in word:
            if is_punctuation(ch):
                if current:
                    tokens.append(current)
                    current = ""
                tokens.append(ch)
            else:
                current += ch
        if current:
            tokens.append(current)
    return tokens


def wordpiece(token, vocab):
    pieces, start = [], 0
    while start < len(token):
        end = len(token)
        found = None
        while start < end:
            piece = token[start:end] if start == 0 else "##" + token[start:end]
            if piece in vocab:
                found = piece
                break
            end -= 1
        if found is None:
            return ["[UNK]"]
        pieces.append(found)
        start = end
    return pieces


def layer_norm(x, weight, bias, eps=1e-12):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


erf = np.vectorize(math.erf)


def gelu(x):
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def embed(text, w, vocab, config):
    tokens = ["[CLS]"] + [p for t in basic_tokens(text) for p in wordpiece(t, vocab)] + ["[SEP]"]
    ids = [vocab[t] for t in tokens]
    n = len(ids)
    x = w["embeddings.word_embeddings.weight"][ids]
    x = x + w["embeddings.position_embeddings.weight"][:n]
    x = x + w["embeddings.token_type_embeddings.weight"][[0] * n]
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    heads = config["num_attention_heads"]
    size = config["hidden_size"] // heads

    def linear(v, name):
        return v @ w[name + ".weight"].T + w[name + ".bias"]

    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q = linear(x, p + "attention.self.query").reshape(n, heads, size).transpose(1, 0, 2)
        k = linear(x, p + "attention.self.key").reshape(n, heads, size).transpose(1, 0, 2)
        v = linear(x, p + "attention.self.value").reshape(n, heads, size).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(size)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores = scores / scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(n, heads * size)
        attended = linear(context, p + "attention.output.dense")
        x = layer_norm(attended + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
        hidden = gelu(linear(x, p + "intermediate.dense"))
        out = linear(hidden, p + "output.dense")
        x = layer_norm(out + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    pooled = x.mean(0)
    return tokens, pooled / np.linalg.norm(pooled)


def main():
    model_dir = sys.argv[1]
    config = json.load(open(f"{model_dir}/config.json"))
    vocab = {line.rstrip("\n"): i for i, line in enumerate(open(f"{model_dir}/vocab.txt", encoding="utf-8"))}
    weights = load_safetensors(f"{model_dir}/model.safetensors")
    out = {"model": "all-MiniLM-L6-v2", "computed_with": "scripts/reference-embeddings.py (numpy)", "cases": []}
    for sentence in SENTENCES:
        tokens, vector = embed(sentence, weights, vocab, config)
        out["cases"].append({"text": sentence, "tokens": tokens, "embedding": [round(float(v), 7) for v in vector]})
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

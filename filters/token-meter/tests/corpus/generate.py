#!/usr/bin/env python3
"""Regenerates expected.json: token counts by OpenAI's Python `tiktoken` for corpus.json.

The Rust test (tests/corpus.rs) compares token-meter's counts with these; CI does not need
Python. Run after changing corpus.json:

    python3 -m venv /tmp/tiktoken-venv && /tmp/tiktoken-venv/bin/pip install tiktoken
    /tmp/tiktoken-venv/bin/python filters/token-meter/tests/corpus/generate.py

tiktoken downloads its rank files on first use. Without internet, this script seeds tiktoken's
cache ($TIKTOKEN_CACHE_DIR, files named by the sha1 of the download URL) with the copies that
the tiktoken-rs crate ships (~/.cargo/registry/src/*/tiktoken-rs-*/assets), after checking them
against the sha256 that tiktoken itself expects for each URL.

Chat counting follows OpenAI's cookbook ("How to count tokens with tiktoken"): 3 tokens per
message, each string value's tokens, 1 more for `name`, 3 to prime the reply; content parts
count their `text`; tool calls count name and arguments; tools use `num_tokens_for_tools`.
"""

import glob
import hashlib
import json
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ENCODINGS = ["o200k_base", "cl100k_base"]
CL100K_MODELS = ["gpt-4", "gpt-4-*", "gpt-3.5-turbo*", "gpt-35-turbo*", "text-embedding-ada-002", "text-embedding-3-*"]


def seed_cache():
    """Point tiktoken at local rank files (verified), unless a cache is already configured."""
    import tiktoken_ext.openai_public as public

    source = open(public.__file__).read()
    found = re.findall(r'"(https://[^"]+/(\w+)\.tiktoken)",\s*expected_hash="([0-9a-f]+)"', source)
    expected = {name: (url, digest) for url, name, digest in found}
    cache = os.environ.setdefault("TIKTOKEN_CACHE_DIR", tempfile.mkdtemp(prefix="tiktoken-cache-"))
    assets = sorted(glob.glob(os.path.expanduser("~/.cargo/registry/src/*/tiktoken-rs-*/assets")))
    if not assets:
        sys.exit("no tiktoken-rs assets found; run `cargo fetch` first")
    for name in ENCODINGS:
        url, digest = expected[name]
        data = open(os.path.join(assets[-1], f"{name}.tiktoken"), "rb").read()
        actual = hashlib.sha256(data).hexdigest()
        if actual != digest:
            sys.exit(f"{name}: tiktoken-rs copy has sha256 {actual}, tiktoken expects {digest}")
        target = os.path.join(cache, hashlib.sha1(url.encode()).hexdigest())
        with open(target, "wb") as f:
            f.write(data)


def glob_match(pattern, name):
    regex = "^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$"
    return re.match(regex, name) is not None


def encoding_name(model):
    return "cl100k_base" if any(glob_match(p, model) for p in CL100K_MODELS) else "o200k_base"


def count_message(enc, message):
    total = 3
    for key, value in message.items():
        if isinstance(value, str):
            total += len(enc.encode_ordinary(value))
        elif key == "content" and isinstance(value, list):
            total += sum(len(enc.encode_ordinary(p["text"])) for p in value if isinstance(p.get("text"), str))
        elif key == "tool_calls" and isinstance(value, list):
            for call in value:
                function = call.get("function", {})
                for field in ("name", "arguments"):
                    if isinstance(function.get(field), str):
                        total += len(enc.encode_ordinary(function[field]))
        if key == "name":
            total += 1
    return total


def count_tools(enc, name, tools):
    if not tools:
        return 0
    func_init = 10 if name == "cl100k_base" else 7
    prop_init, prop_key, enum_init, enum_item, func_end = 3, 3, -3, 3, 12
    total = 0
    for tool in tools:
        function = tool.get("function", tool)
        total += func_init
        desc = function.get("description", "")
        desc = desc[:-1] if desc.endswith(".") else desc
        total += len(enc.encode_ordinary(f"{function.get('name', '')}:{desc}"))
        properties = function.get("parameters", {}).get("properties", {})
        if properties:
            total += prop_init
            for key, prop in properties.items():
                total += prop_key
                if "enum" in prop:
                    total += enum_init
                    for item in prop["enum"]:
                        total += enum_item
                        item = item if isinstance(item, str) else json.dumps(item, separators=(",", ":"))
                        total += len(enc.encode_ordinary(item))
                p_desc = prop.get("description", "")
                p_desc = p_desc[:-1] if p_desc.endswith(".") else p_desc
                total += len(enc.encode_ordinary(f"{key}:{prop.get('type', '')}:{p_desc}"))
    return max(total + func_end, 0)


def main():
    seed_cache()
    import tiktoken

    corpus = json.load(open(os.path.join(HERE, "corpus.json"), encoding="utf-8"))
    encodings = {name: tiktoken.get_encoding(name) for name in ENCODINGS}
    expected = {
        "tiktoken_version": tiktoken.__version__,
        "texts": {name: [len(enc.encode_ordinary(t)) for t in corpus["texts"]] for name, enc in encodings.items()},
        "chats": [],
    }
    for chat in corpus["chats"]:
        name = encoding_name(chat["model"])
        enc = encodings[name]
        messages = sum(count_message(enc, m) for m in chat["messages"]) + 3
        expected["chats"].append({"encoding": name, "tokens": messages + count_tools(enc, name, chat.get("tools", []))})
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(f"wrote expected.json ({len(corpus['texts'])} texts, {len(corpus['chats'])} chats, tiktoken {tiktoken.__version__})")


if __name__ == "__main__":
    main()

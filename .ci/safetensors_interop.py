#!/usr/bin/env python3
"""Check that a file written by the Swift SafeTensors writer reads correctly with the reference
Python implementation.

Usage: safetensors_interop.py FILE.safetensors EXPECTED.json

EXPECTED.json is what the Swift test `interopExport` writes beside the file:

    {"tensors": {"<name>": {"shape": [2, 3], "bits": [<uint32 bit pattern of each F32 value>, ...]}},
     "metadata": {"<key>": "<value>", ...}}

Values are given as bit patterns so that the comparison is exact, NaN payloads and -0.0 included.

Besides the contents, the file's layout is compared with what `safetensors.numpy.save` writes for
the same tensors and metadata: same header length (padding), same header entries in the same order,
byte-identical data section. Only the order of metadata keys may differ (the reference does not fix
it). Exits 0 when everything matches, 1 with one line per mismatch otherwise, 2 on usage errors.
"""

import json
import struct
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save


def split(data):
    """(header entries in file order, header length, data section) of a safetensors file."""
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length].decode("utf-8"), object_pairs_hook=lambda pairs: pairs)
    return header, length, data[8 + length :]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path, description = argv[1], argv[2]
    with open(description, encoding="utf-8") as f:
        expected = json.load(f)
    problems = []

    tensors = load_file(path)
    with safe_open(path, framework="numpy") as f:
        metadata = f.metadata() or {}

    want = expected["tensors"]
    for name in sorted(set(want) - set(tensors)):
        problems.append(f"tensor {name!r} is missing")
    for name in sorted(set(tensors) - set(want)):
        problems.append(f"unexpected tensor {name!r}")
    for name in sorted(set(want) & set(tensors)):
        array, spec = tensors[name], want[name]
        if array.dtype != np.float32:
            problems.append(f"tensor {name!r} has dtype {array.dtype}, expected float32")
            continue
        if list(array.shape) != spec["shape"]:
            problems.append(f"tensor {name!r} has shape {list(array.shape)}, expected {spec['shape']}")
            continue
        bits = array.reshape(-1).view(np.uint32).tolist()
        if bits != spec["bits"]:
            first = next(i for i, (a, b) in enumerate(zip(bits, spec["bits"])) if a != b)
            problems.append(
                f"tensor {name!r} differs first at flat index {first}: "
                f"0x{bits[first]:08x}, expected 0x{spec['bits'][first]:08x}"
            )
    if metadata != expected["metadata"]:
        problems.append(f"metadata {metadata!r}, expected {expected['metadata']!r}")

    if not problems:
        with open(path, "rb") as f:
            ours = f.read()
        reference = bytes(save(tensors, metadata=metadata or None))
        our_header, our_length, our_data = split(ours)
        ref_header, ref_length, ref_data = split(reference)
        if our_length != ref_length:
            problems.append(f"header length {our_length}, the reference writes {ref_length}")

        def normalise(header):
            # Metadata key order is not fixed by the reference writer; everything else is.
            return [(k, sorted(v) if k == "__metadata__" else v) for k, v in header]

        if normalise(our_header) != normalise(ref_header):
            problems.append(f"header {our_header!r}, the reference writes {ref_header!r}")
        if our_data != ref_data:
            problems.append("data section differs from the reference writer's")

    for problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    if not problems:
        print(f"{path}: {len(tensors)} tensors and {len(metadata)} metadata entries match")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Recompute an `ntm trace` file from its own fields and check every stage of every step.

An independent implementation of the equations in docs/ntm.md (written from that page, not from
the Swift code), in float64 NumPy. For every step and head it recomputes, from the values the
trace itself records:

  similarity        K(k, M(i)) = k.M(i) / (|k| |M(i)| + eps), write heads against memoryBefore
                    (M_{t-1}), read heads against memory (M_t); eps = header similarityEpsilon
  contentWeighting  softmax(beta * similarity)
  gatedWeighting    g * contentWeighting + (1 - g) * previous
  shiftedWeighting  circular convolution with shiftWeighting over the header's shifts:
                    w~(i) = sum_offsets s(offset) * w^g(i - offset mod N), so +1 moves i -> i+1
  weighting         (w~ + eps)^gamma / sum_j (w~ + eps)^gamma, eps = header sharpeningEpsilon,
                    computed as a softmax of gamma * log(w~ + eps)
  memory            from memoryBefore: every write head's erase first (the factors multiply),
                    then every add (they sum)
  read              sum_i w(i) M_t(i) for each read head, and the step's `read` list

Each stage is recomputed from the trace's record of the stage before it, so an error is
reported at the stage where it arises rather than everywhere downstream. It also checks the
links between steps: `previous` of a head is that head's `weighting` at the previous step,
`memoryBefore` is the previous step's `memory`, and the controller's input is the step's
input followed by the previous step's reads; and the ranges of the activated parameters
(beta >= 0, 0 <= g <= 1, gamma >= 1, s, erase in [0, 1], add in [-1, 1], every weighting a
distribution).

Usage: verify_trace.py TRACE.jsonl [--tolerance 1e-4]

Prints the largest absolute error of each stage and exits 0 if all are within the tolerance;
otherwise prints each failure (step, head, stage, index, values) and exits 1. Exits 2 when the
file is not a readable trace.
"""

import argparse
import json
import sys

import numpy as np


class TraceFormatError(Exception):
    pass


def vector(obj, key, where):
    if key not in obj:
        raise TraceFormatError(f"{where}: field '{key}' is missing")
    value = obj[key]
    if value is None or (isinstance(value, list) and any(v is None for v in np.ravel(np.array(value, dtype=object)))):
        raise TraceFormatError(f"{where}: field '{key}' holds null (a NaN or infinity in the machine)")
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TraceFormatError(f"{where}: field '{key}' is not numeric: {error}")


def scalar(obj, key, where):
    value = vector(obj, key, where)
    if value.ndim != 0:
        raise TraceFormatError(f"{where}: field '{key}' should be a single number")
    return float(value)


def softmax(x):
    z = x - np.max(x)
    e = np.exp(z)
    return e / e.sum()


def cosine_similarity(key, memory, epsilon):
    dots = memory @ key
    norms = np.linalg.norm(memory, axis=1) * np.linalg.norm(key)
    return dots / (norms + epsilon)


def circular_shift(weighting, shift_weighting, offsets):
    n = len(weighting)
    result = np.zeros(n)
    for s, offset in zip(shift_weighting, offsets):
        # np.roll(w, k)[i] == w[(i - k) mod n]: the weight at location j lands on j + offset.
        result += s * np.roll(weighting, offset % n)
    return result


def sharpen(weighting, gamma, epsilon):
    return softmax(gamma * np.log(weighting + epsilon))


class Checker:
    def __init__(self, tolerance):
        self.tolerance = tolerance
        self.worst = {}  # stage -> (error, where)
        self.failures = []
        self.conditions = {}  # stage -> (checked, failed), for checks without a numeric error

    def compare(self, stage, where, expected, actual):
        expected = np.asarray(expected, dtype=np.float64)
        actual = np.asarray(actual, dtype=np.float64)
        if expected.shape != actual.shape:
            self.failures.append(f"{where}, stage {stage}: shape {actual.shape}, expected {expected.shape}")
            self.worst.setdefault(stage, (float("inf"), where))
            return
        if expected.size == 0:
            self.worst.setdefault(stage, (0.0, where))
            return
        difference = np.abs(expected - actual)
        index = np.unravel_index(np.argmax(difference), difference.shape)
        error = float(difference[index])
        if stage not in self.worst or error > self.worst[stage][0]:
            self.worst[stage] = (error, where)
        if not error <= self.tolerance:
            at = ",".join(str(int(i)) for i in index)
            self.failures.append(
                f"{where}, stage {stage}: |error| {error:.3g} at index [{at}] exceeds {self.tolerance:g} "
                f"(trace {float(actual[index]):.9g}, recomputed {float(expected[index]):.9g})"
            )

    def require(self, stage, where, condition, message):
        checked, failed = self.conditions.get(stage, (0, 0))
        self.conditions[stage] = (checked + 1, failed + (0 if condition else 1))
        if not condition:
            self.failures.append(f"{where}, stage {stage}: {message}")


def check_distribution(checker, stage, where, w):
    tolerance = checker.tolerance
    checker.require(
        f"{stage} is a distribution", where,
        bool(np.all(w >= -tolerance)) and abs(float(w.sum()) - 1) <= tolerance,
        f"min {float(w.min()):.3g}, sum {float(w.sum()):.9g}",
    )


def verify(lines, tolerance):
    if not lines:
        raise TraceFormatError("the file is empty")
    header = lines[0]
    if header.get("type") != "header" or header.get("format") != "ntm-trace":
        raise TraceFormatError("line 1 is not an ntm-trace header")
    if header.get("version") != 1:
        raise TraceFormatError(f"trace format version {header.get('version')} is not supported (this reads 1)")
    offsets = [int(o) for o in header["shifts"]]
    similarity_epsilon = float(header["similarityEpsilon"])
    sharpening_epsilon = float(header["sharpeningEpsilon"])
    steps = lines[1:]
    if header.get("steps") is not None and header["steps"] != len(steps):
        raise TraceFormatError(f"the header announces {header['steps']} steps; the file has {len(steps)}")

    checker = Checker(tolerance)
    previous_weightings = {}
    previous_memory = None
    previous_reads = None
    for k, step in enumerate(steps):
        where_step = f"step {k}"
        if step.get("type") != "step" or step.get("t") != k:
            raise TraceFormatError(f"line {k + 2} is not step {k}")
        memory_before = vector(step, "memoryBefore", where_step)
        memory_after = vector(step, "memory", where_step)
        if memory_before.ndim != 2 or memory_after.shape != memory_before.shape:
            raise TraceFormatError(f"{where_step}: memory shapes {memory_before.shape}, {memory_after.shape}")
        n = memory_before.shape[0]

        # Links to the previous step.
        if previous_memory is not None:
            checker.compare("memoryBefore = previous memory", where_step, previous_memory, memory_before)
        controller = step.get("controller") or {}
        x = vector(step, "input", where_step)
        controller_input = vector(controller, "input", where_step + " controller")
        if previous_reads is not None:
            expected_input = np.concatenate([x] + previous_reads)
            checker.compare("controller input = [x; previous reads]", where_step, expected_input, controller_input)
        else:
            checker.compare("controller input = [x; r0]", where_step, x, controller_input[: len(x)])

        heads = step.get("heads")
        if not isinstance(heads, list):
            raise TraceFormatError(f"{where_step}: 'heads' is missing")
        writes = []
        reads = []
        for head in heads:
            name = head.get("head", "?")
            kind = head.get("kind")
            where = f"{where_step}, head {name}"
            key = vector(head, "key", where)
            beta = scalar(head, "keyStrength", where)
            similarity = vector(head, "similarity", where)
            content = vector(head, "contentWeighting", where)
            gate = scalar(head, "interpolationGate", where)
            previous = vector(head, "previous", where)
            gated = vector(head, "gatedWeighting", where)
            shift = vector(head, "shiftWeighting", where)
            shifted = vector(head, "shiftedWeighting", where)
            gamma = scalar(head, "sharpening", where)
            weighting = vector(head, "weighting", where)
            if len(shift) != len(offsets):
                raise TraceFormatError(f"{where}: {len(shift)} shift weights for {len(offsets)} offsets")
            if kind not in ("write", "read"):
                raise TraceFormatError(f"{where}: kind {kind!r} is neither 'write' nor 'read'")

            checker.require("ranges", where, beta >= 0, f"key strength {beta} < 0")
            checker.require("ranges", where, -tolerance <= gate <= 1 + tolerance, f"gate {gate} outside [0, 1]")
            checker.require("ranges", where, gamma >= 1 - tolerance, f"sharpening {gamma} < 1")
            check_distribution(checker, "shiftWeighting", where, shift)
            for stage, w in (("previous", previous), ("contentWeighting", content), ("gatedWeighting", gated),
                             ("shiftedWeighting", shifted), ("weighting", weighting)):
                check_distribution(checker, stage, where, w)

            if name in previous_weightings:
                checker.compare("previous = last weighting", where, previous_weightings[name], previous)
            previous_weightings[name] = weighting

            addressed = memory_before if kind == "write" else memory_after
            checker.compare("similarity", where, cosine_similarity(key, addressed, similarity_epsilon), similarity)
            checker.compare("contentWeighting", where, softmax(beta * similarity), content)
            checker.compare("gatedWeighting", where, gate * content + (1 - gate) * previous, gated)
            checker.compare("shiftedWeighting", where, circular_shift(gated, shift, offsets), shifted)
            checker.compare("weighting", where, sharpen(shifted, gamma, sharpening_epsilon), weighting)

            if len(weighting) != n:
                raise TraceFormatError(f"{where}: weighting over {len(weighting)} locations, memory has {n}")
            if kind == "write":
                erase = vector(head, "erase", where)
                add = vector(head, "add", where)
                checker.require("ranges", where, bool(np.all((erase >= 0) & (erase <= 1))), "erase outside [0, 1]")
                checker.require("ranges", where, bool(np.all(np.abs(add) <= 1)), "add outside [-1, 1]")
                writes.append((weighting, erase, add))
            else:
                reads.append((where, weighting, vector(head, "read", where)))

        # Memory: all erases (multiplying), then all adds (summing).
        expected_memory = memory_before.copy()
        for w, e, _ in writes:
            expected_memory *= 1 - np.outer(w, e)
        for w, _, a in writes:
            expected_memory += np.outer(w, a)
        checker.compare("memory", where_step, expected_memory, memory_after)

        # Reads from M_t.
        step_reads = vector(step, "read", where_step)
        if len(step_reads) != len(reads):
            raise TraceFormatError(f"{where_step}: {len(step_reads)} reads for {len(reads)} read heads")
        for r, (where, w, read) in enumerate(reads):
            checker.compare("read", where, w @ memory_after, read)
            checker.compare("read (step list)", where, read, step_reads[r])

        previous_memory = memory_after
        previous_reads = [read for _, _, read in reads]
    return checker, len(steps)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trace", help="a JSON Lines file written by `ntm trace`")
    parser.add_argument("--tolerance", type=float, default=1e-4,
                        help="largest absolute error accepted at any stage (default 1e-4; the trace holds float32)")
    arguments = parser.parse_args()
    try:
        with open(arguments.trace, encoding="utf-8") as file:
            lines = [json.loads(line) for line in file if line.strip()]
        checker, step_count = verify(lines, arguments.tolerance)
    except (OSError, json.JSONDecodeError, TraceFormatError, KeyError) as error:
        print(f"{arguments.trace}: not a readable trace: {error}", file=sys.stderr)
        return 2

    print(f"{arguments.trace}: {step_count} steps, tolerance {arguments.tolerance:g}")
    print("largest absolute error per stage:")
    width = max(len(stage) for stage in list(checker.worst) + list(checker.conditions))
    for stage, (error, where) in checker.worst.items():
        print(f"  {stage:<{width}}  {error:.3g}  (at {where})")
    print("conditions:")
    for stage, (checked, failed) in checker.conditions.items():
        print(f"  {stage:<{width}}  {checked - failed} of {checked} hold")
    if checker.failures:
        print(f"FAILED: {len(checker.failures)} check(s) out of tolerance", file=sys.stderr)
        for failure in checker.failures[:20]:
            print(f"  {failure}", file=sys.stderr)
        if len(checker.failures) > 20:
            print(f"  … and {len(checker.failures) - 20} more", file=sys.stderr)
        return 1
    print("OK: every stage of every step agrees with docs/ntm.md's equations")
    return 0


if __name__ == "__main__":
    sys.exit(main())

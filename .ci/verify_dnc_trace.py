#!/usr/bin/env python3
"""Recompute an `ntm trace --machine dnc` file from its own fields and check every stage.

An independent implementation of the DNC's timestep as docs/dnc.md gives it,
in float64 NumPy. For every step, from the values the trace itself records:

  retention            prod_i (1 - freeGate_i * previous_i)
  usage                (u_{t-1} + ww_{t-1} - u_{t-1} ww_{t-1}) * retention   (u_0 = ww_0 = 0)
  freeList             locations by the trace's usage ascending, ties by ascending location
  allocationWeighting  a[phi_j] = (1 - u[phi_j]) prod_{i<j} u[phi_i]
  write similarity     cos(k, M_{t-1}(i)) (k * mask and M * mask with masking); contentWeighting
                       softmax(beta * similarity); weighting gw (ga a + (1 - ga) c)
  memory               M_{t-1} (* retention per row, with deallocation) * (1 - w e^T) + w v^T
  link                 (1 - w_i - w_j) L_{t-1}[i,j] + w_i p_{t-1}[j], zero diagonal; precedence
                       (1 - sum w) p_{t-1} + w
  per read head        linkForward L prev, linkBackward L^T prev, sharpened (f^s / sum f^s) with
                       link sharpness (f + eps)^s normalised, eps = header linkSharpnessEpsilon; content against M_t; weighting pi0 b + pi1 c + pi2 f; read

and the links between steps (previous = last step's weighting, memoryBefore = last memory,
precedenceBefore = last precedence).

Usage: verify_dnc_trace.py TRACE.jsonl [--tolerance 1e-4]; exits 1 on a disagreement, 2 when the
file is not a DNC trace.
"""

import argparse
import json
import sys

import numpy as np


def softmax(x):
    e = np.exp(x - np.max(x))
    return e / e.sum()


def similarity(key, memory, epsilon, mask):
    if mask is not None:
        key, memory = key * mask, memory * mask
    return (memory @ key) / (np.linalg.norm(memory, axis=1) * np.linalg.norm(key) + epsilon)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("trace")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()
    with open(args.trace, encoding="utf-8") as file:
        lines = [json.loads(line) for line in file if line.strip()]
    header = lines[0]
    if header.get("type") != "header" or header.get("machine") != "dnc":
        print(f"{args.trace}: not a DNC trace (header machine {header.get('machine')!r})")
        return 2
    c = header["configuration"]
    n, eps = c["memoryLocations"], header["similarityEpsilon"]
    worst, failures = {}, []

    def check(stage, t, expected, actual):
        error = float(np.max(np.abs(np.asarray(expected, dtype=float) - np.asarray(actual, dtype=float))))
        worst[stage] = max(worst.get(stage, 0.0), error)
        if error > args.tolerance:
            failures.append(f"t={t} {stage}: error {error:.3g}")

    usage_before, write_before = np.zeros(n), np.zeros(n)
    link_before, precedence_before, memory_before = np.zeros((n, n)), np.zeros(n), None
    reads_before = None
    for step in lines[1:]:
        t = step["t"]
        write, reads = step["heads"][0], step["heads"][1:]
        before = np.asarray(step["memoryBefore"], dtype=float)
        if memory_before is not None:
            check("memoryBefore", t, memory_before, before)
        check("precedenceBefore", t, precedence_before, step["precedenceBefore"])
        if reads_before is not None:
            for h, read in enumerate(reads):
                check("previous", t, reads_before[h], read["previous"])
        retention = np.ones(n)
        for read in reads:
            retention *= 1 - read["freeGate"] * np.asarray(read["previous"], dtype=float)
        check("retention", t, retention, step["retention"])
        usage = (usage_before + write_before - usage_before * write_before) * retention
        check("usage", t, usage, step["usage"])
        usage = np.asarray(step["usage"], dtype=float)
        free_list = sorted(range(n), key=lambda i: (usage[i], i))
        if free_list != step["freeList"]:
            failures.append(f"t={t} freeList: {step['freeList']} against {free_list}")
        allocation, product = np.zeros(n), 1.0
        for j in free_list:
            allocation[j] = (1 - usage[j]) * product
            product *= usage[j]
        check("allocationWeighting", t, allocation, step["allocationWeighting"])
        mask = np.asarray(write["mask"], dtype=float) if "mask" in write else None
        sim = similarity(np.asarray(write["key"], dtype=float), before, eps, mask)
        check("write similarity", t, sim, write["similarity"])
        content = softmax(write["keyStrength"] * np.asarray(write["similarity"], dtype=float))
        check("write contentWeighting", t, content, write["contentWeighting"])
        ga, gw = write["allocationGate"], write["writeGate"]
        ww = gw * (ga * allocation + (1 - ga) * np.asarray(write["contentWeighting"], dtype=float))
        check("write weighting", t, ww, write["weighting"])
        ww = np.asarray(write["weighting"], dtype=float)
        kept = before * retention[:, None] if c["deallocation"] else before
        erase, add = np.asarray(write["erase"], dtype=float), np.asarray(write["add"], dtype=float)
        memory = kept * (1 - np.outer(ww, erase)) + np.outer(ww, add)
        check("memory", t, memory, step["memory"])
        memory = np.asarray(step["memory"], dtype=float)
        link = (1 - ww[:, None] - ww[None, :]) * link_before + np.outer(ww, precedence_before)
        np.fill_diagonal(link, 0)
        check("link", t, link, step["link"])
        link = np.asarray(step["link"], dtype=float)
        precedence = (1 - ww.sum()) * precedence_before + ww
        check("precedence", t, precedence, step["precedence"])
        for h, read in enumerate(reads):
            previous = np.asarray(read["previous"], dtype=float)
            check(f"read{h} linkForward", t, link @ previous, read["linkForward"])
            check(f"read{h} linkBackward", t, link.T @ previous, read["linkBackward"])
            forward = np.asarray(read["linkForward"], dtype=float)
            backward = np.asarray(read["linkBackward"], dtype=float)
            if c["linkSharpness"]:
                sharp_eps = header["linkSharpnessEpsilon"]
                forward = (forward + sharp_eps) ** read["forwardSharpness"]
                forward = forward / forward.sum()
                backward = (backward + sharp_eps) ** read["backwardSharpness"]
                backward = backward / backward.sum()
            check(f"read{h} forwardWeighting", t, forward, read["forwardWeighting"])
            check(f"read{h} backwardWeighting", t, backward, read["backwardWeighting"])
            mask = np.asarray(read["mask"], dtype=float) if "mask" in read else None
            sim = similarity(np.asarray(read["key"], dtype=float), memory, eps, mask)
            check(f"read{h} similarity", t, sim, read["similarity"])
            content = softmax(read["keyStrength"] * np.asarray(read["similarity"], dtype=float))
            check(f"read{h} contentWeighting", t, content, read["contentWeighting"])
            mode = read["readMode"]
            weighting = (
                mode[0] * np.asarray(read["backwardWeighting"], dtype=float)
                + mode[1] * np.asarray(read["contentWeighting"], dtype=float)
                + mode[2] * np.asarray(read["forwardWeighting"], dtype=float)
            )
            check(f"read{h} weighting", t, weighting, read["weighting"])
            check(f"read{h} read", t, memory.T @ np.asarray(read["weighting"], dtype=float), read["read"])
        usage_before, write_before = np.asarray(step["usage"], dtype=float), ww
        link_before, precedence_before, memory_before = link, np.asarray(step["precedence"], dtype=float), memory
        reads_before = [read["weighting"] for read in reads]

    for stage in sorted(worst):
        print(f"  {stage:28s} largest error {worst[stage]:.2e}")
    if failures:
        print("\n".join(failures[:40]))
        return 1
    print("OK: every stage of every step agrees with docs/dnc.md's equations")
    return 0


if __name__ == "__main__":
    sys.exit(main())

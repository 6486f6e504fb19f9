#!/usr/bin/env python3
"""Training throughput of pytorch-ntm on the copy task, in sequences per CPU-second.

Usage: python3 pytorch_ntm.py PATH-TO-PYTORCH-NTM [--batches 1,8,32,128] [--min-sequences 200]
       [--profile]

Imports only `ntm.aio.EncapsulatedNTM` from the checkout (its `tasks/` modules need an old attrs)
and trains it the way its train.py does, configured like ntm's default copy machine: LSTM
controller of 100 units, memory 128 x 20, one read and one write head, 8-bit vectors plus a
delimiter channel, sequence lengths 1-20, BCE loss, gradients clamped to +-10, RMSProp as the
paper (lr 1e-4, momentum 0.9, alpha 0.95: pytorch-ntm's defaults) in Graves' centred form with eps
1e-4, as ntm's. Every sequence of a pytorch-ntm batch has the same length; each batch size is
timed over whole rounds of 20 batches, one of each length 1-20 in shuffled order, so every batch
size sees the same mean length (10.5). The bit-error count that train.py also computes (a Python
lambda per output bit) is left out: only the training step is timed. One thread; time is
time.process_time() of this process.
"""

import argparse
import math
import os
import random
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("checkout", help="path to a pytorch-ntm checkout")
    parser.add_argument("--batches", default="1,8,32,128", help="comma-separated batch sizes")
    parser.add_argument("--min-sequences", type=int, default=200,
                        help="time at least this many sequences per batch size (whole rounds)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true",
                        help="also profile one length-10 sequence at batch 1 with torch.profiler")
    args = parser.parse_args()

    if not os.path.isfile(os.path.join(args.checkout, "ntm", "aio.py")):
        sys.exit(f"error: {args.checkout} is not a pytorch-ntm checkout (no ntm/aio.py)")
    try:
        import torch
    except ImportError:
        sys.exit("error: torch is not installed (pip install torch)")
    sys.path.insert(0, os.path.abspath(args.checkout))
    from ntm.aio import EncapsulatedNTM  # noqa: E402 (from the checkout given)

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    random.seed(args.seed)
    torch.manual_seed(args.seed)

    width, min_len, max_len = 8, 1, 20

    def make_batch(length, batch):
        bits = torch.randint(0, 2, (length, batch, width)).float()
        inp = torch.zeros(length + 1, batch, width + 1)
        inp[:length, :, :width] = bits
        inp[length, :, width] = 1.0  # delimiter channel
        return inp, bits

    def train_batch(net, criterion, optimizer, inp, target):
        optimizer.zero_grad()
        length, batch, _ = target.size()
        net.init_sequence(batch)
        for i in range(inp.size(0)):
            net(inp[i])
        out = torch.zeros(target.size())
        for i in range(length):
            out[i], _ = net()
        loss = criterion(out, target)
        loss.backward()
        for p in net.parameters():
            if p.grad is not None:
                p.grad.data.clamp_(-10, 10)
        optimizer.step()
        return loss.item()

    print(f"pytorch-ntm copy task, torch {torch.__version__}, "
          f"{torch.get_num_threads()} thread(s)")
    print(f"{'batch':>6} {'sequences':>10} {'CPU s':>8} {'wall s':>8} {'seq/CPU-s':>10} {'loss':>7}")
    for batch in (int(b) for b in args.batches.split(",")):
        net = EncapsulatedNTM(width + 1, width, 100, 1, 1, 128, 20)
        criterion = torch.nn.BCELoss()
        optimizer = torch.optim.RMSprop(net.parameters(), lr=1e-4, momentum=0.9, alpha=0.95,
                                        eps=1e-4, centered=True)
        for length in (1, 10, 20):  # warm-up, not timed
            train_batch(net, criterion, optimizer, *make_batch(length, batch))
        rounds = max(1, math.ceil(args.min_sequences / ((max_len - min_len + 1) * batch)))
        lengths = []
        for _ in range(rounds):
            round_lengths = list(range(min_len, max_len + 1))
            random.shuffle(round_lengths)
            lengths += round_lengths
        cpu0, wall0 = time.process_time(), time.perf_counter()
        loss = 0.0
        for length in lengths:
            loss = train_batch(net, criterion, optimizer, *make_batch(length, batch))
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        sequences = len(lengths) * batch
        print(f"{batch:>6} {sequences:>10} {cpu:>8.2f} {wall:>8.2f} {sequences / cpu:>10.1f} "
              f"{loss:>7.4f}", flush=True)

    if args.profile:
        from torch.profiler import profile, ProfilerActivity
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            train_batch(net, criterion, optimizer, *make_batch(10, 1))
        events = prof.key_averages()
        calls = sum(e.count for e in events if e.key.startswith("aten::"))
        print(f"one length-10 sequence at batch 1 (21 steps): {calls} ATen operator calls, "
              "nested ones included")
        print(events.table(sort_by="self_cpu_time_total", row_limit=8))


if __name__ == "__main__":
    main()

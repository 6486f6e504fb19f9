import ArgumentParser
import NTM

/// `--task` and `--seed`: what runs, in every command that runs a machine.
struct TaskOptions: ParsableArguments {
  @Option(help: "The task (default: the checkpoint's, else copy).")
  var task: TaskName?

  @Option(
    parsing: .unconditional,
    help: "Seed of the sequences, and of the model when it is new or untrained (default: 1).")
  var seed: UInt64?

  var seedOrDefault: UInt64 { seed ?? 1 }
}

/// `--checkpoint` and `--machine`: the model a command looks at.
struct CheckpointOption: ParsableArguments {
  @Option(help: "A checkpoint file; default: the shipped model for the task (untrained if none is shipped).")
  var checkpoint: PathArgument?

  @Option(
    help:
      "The machine: ntm or dnc (default: the checkpoint's, else ntm). Without --checkpoint, the shipped model of that machine for the task, else an untrained one."
  )
  var machine: MachineKind?
}

/// `--length`: the size knob of the sequence a command runs.
struct LengthOption: ParsableArguments {
  @Option(
    parsing: .unconditional,
    help: "The task's size knob (copy: the length; associative-recall: the items; …); default: the task's.")
  var length: Int?
}

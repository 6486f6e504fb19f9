import ArgumentParser

/// `ntm`: see a Neural Turing Machine think. Each subcommand is a thin shell over the library.
@main
struct NTMCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ntm",
    abstract: "See a Neural Turing Machine think: step it, train it, trace it.",
    subcommands: [
      ViewCommand.self, TrainCommand.self, EvalCommand.self, TraceCommand.self, InfoCommand.self,
      PlaygroundCommand.self, BenchCommand.self, InstallCommand.self,
      FigureCommand.self,
    ],
    defaultSubcommand: ViewCommand.self)
}

import ArgumentParser
import NTM

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `ntm`: see a Neural Turing Machine think. Each subcommand is a thin shell over the library.
@main
struct NTMCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ntm",
    abstract: "See a Neural Turing Machine think: step it, train it, trace it.",
    version: NTMVersion.current,
    subcommands: [
      ViewCommand.self, TrainCommand.self, EvalCommand.self, TraceCommand.self, InfoCommand.self,
      PlaygroundCommand.self, BenchCommand.self, InstallCommand.self,
      FigureCommand.self,
    ],
    defaultSubcommand: ViewCommand.self)

  /// Parses, runs, and reports every error the same way: its message (control characters
  /// escaped, since it may quote a file) on standard error and a non-zero status.
  static func main() {
    // A closed pipe is then an error from the write that found it, reported and exited non-zero,
    // rather than a signal that would end a training run before it saves.
    signal(SIGPIPE, SIG_IGN)
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let message = unknownSubcommand(arguments) {
      note(message)
      terminate(ExitCode.validationFailure.rawValue)
    }
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
    } catch let error as OutputFile.Failure where error.isBrokenPipe {
      // `ntm trace | head`: the reader has what it wanted. Quiet, with the status a shell reports
      // for a process that SIGPIPE ended.
      terminate(128 + SIGPIPE)
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if code == .success {
        try? Console.write(message + "\n")
      } else if !message.isEmpty {
        note(message)
      }
      terminate(code.rawValue)
    }
  }

  /// The message for a first argument that is neither an option nor a subcommand (`ntm trian`),
  /// which would otherwise reach the default subcommand as a stray argument.
  static func unknownSubcommand(_ arguments: [String]) -> String? {
    guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
    let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    guard !names.contains(first) else { return nil }
    let close = names.filter { editDistance($0, first) <= 2 }
    return """
      Error: unknown subcommand '\(first)'\(close.isEmpty ? "" : " (did you mean '\(close[0])'?)")
      Subcommands: \(names.dropLast().joined(separator: ", ")). See 'ntm --help'.
      """
  }

  /// Levenshtein distance, for suggesting the subcommand a typo meant.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let (a, b) = (Array(a), Array(b))
    var previous = Array(0...b.count)
    for i in a.indices {
      var current = [i + 1]
      for j in b.indices {
        current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a[i] == b[j] ? 0 : 1)))
      }
      previous = current
    }
    return previous[b.count]
  }
}

/// The C `exit`, which `ParsableCommand.exit(withError:)` hides inside the command type.
private func terminate(_ status: Int32) -> Never { exit(status) }

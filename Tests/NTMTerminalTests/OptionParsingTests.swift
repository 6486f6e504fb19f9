import ArgumentParser
import Testing

@testable import NTM
@testable import ntm

/// The options as the README and `--help` write them, parsed as the program parses them: values
/// that start with a minus are taken as values (`--shifts -1:1`), and each typed value reads
/// every documented form.
@Suite("Option parsing")
struct OptionParsingTests {
  @Test("--shifts takes LOW:HIGH with negative bounds, with or without '='")
  func shifts() throws {
    for arguments in [
      ["--shifts", "-1:1"], ["--shifts=-1:1"], ["--shifts", "-70:70"], ["--shifts", "0:2"],
    ] {
      let command = try TrainCommand.parse(arguments)
      let expected = ShiftWindow(argument: arguments.last!.replacingOccurrences(of: "--shifts=", with: ""))
      #expect(command.machine.shifts == expected, "\(arguments)")
    }
    #expect(try TrainCommand.parse(["--shifts", "-1:1"]).machine.shifts?.offsets == -1...1)
    #expect(throws: (any Error).self) { try TrainCommand.parse(["--shifts", "1:-1"]) }
    #expect(throws: (any Error).self) { try TrainCommand.parse(["--shifts", "-1"]) }
  }

  @Test("every numeric option takes a negative value as its value, and validation names the option")
  func negativeValues() throws {
    let cases: [(ParsableCommandCase, String)] = [
      (.train(["--batch", "-1"]), "--batch -1"),
      (.train(["--lr", "-1"]), "--lr -1.0"),
      (.train(["--read-heads", "-1"]), "--read-heads -1"),
      (.train(["--write-heads", "-2"]), "--write-heads -2"),
      (.train(["--threads", "-1"]), "--threads -1"),
      (.train(["--validate-every", "-1"]), "--validate-every -1"),
      (.train(["--max-sequences", "-1"]), "--max-sequences -1"),
      (.train(["--checkpoint-every", "-1"]), "--checkpoint-every -1"),
      (.train(["--until-cost", "-1"]), "--until-cost -1.0"),
      (.train(["--max-time", "-5s"]), "--max-time -5.0"),
      (.train(["--clip-value", "-1"]), "--clip-value -1.0"),
      (.train(["--clip-norm", "-1"]), "--clip-norm -1.0"),
      (.train(["--memory", "-5x20"]), "--memory -5x20: N -5"),
      (.eval(["--sequences", "-1"]), "--sequences -1"),
      (.bench(["--seconds", "-1"]), "--seconds -1.0"),
      (.bench(["--threads", "-1"]), "--threads -1"),
    ]
    for (command, message) in cases {
      let error = try #require(command.error(), "\(command) was accepted")
      #expect(error.hasPrefix(message), "\(command): \(error)")
    }
    // Parsed as values (not as unknown options), then accepted where the range allows.
    #expect(try TrainCommand.parse(["--seed", "0"]).taskOptions.seed == 0)
    #expect(try TraceCommand.parse(["--length", "-1"]).lengthOption.length == -1)
  }

  @Test("the documented forms of typed values")
  func documentedForms() throws {
    let memory = try TrainCommand.parse(["--memory", "128x20"]).machine.memory
    #expect(memory == MemoryShape(locations: 128, width: 20))
    for text in ["x128x20", "128xx20", "128x", "128", "ax20", ""] {
      #expect(throws: (any Error).self, "\(text)") { try TrainCommand.parse(["--memory", text]) }
    }
    let controllers: [String: Configuration.Controller] = [
      "lstm:100": .lstm(layers: 1, size: 100), "lstm:2x100": .lstm(layers: 2, size: 100),
      "feedforward:100": .feedforward(size: 100, activation: .tanh),
      "feedforward:100:relu": .feedforward(size: 100, activation: .relu),
    ]
    for (text, controller) in controllers {
      #expect(try TrainCommand.parse(["--controller", text]).machine.controller == controller)
    }
    for (text, seconds) in [("90", 90.0), ("90s", 90), ("10m", 600), ("1h", 3600), ("1.5h", 5400)] {
      #expect(try TrainCommand.parse(["--max-time", text]).stop.maxTime?.value == seconds, "\(text)")
    }
    #expect(try TrainCommand.parse(["--clip-value", "10"]).training.clipValue == .at(10))
    #expect(try TrainCommand.parse(["--clip-norm", "none"]).training.clipNorm == ClipBound.none)
    #expect(try TrainCommand.parse(["--optimizer", "rmsprop"]).training.optimizer == .rmsprop)
    #expect(try TrainCommand.parse(["--task", "repeat-copy"]).taskOptions.task == .repeatCopy)
    let parameters = try TrainCommand.parse(["--task-param", "maxLength=10", "--task-param", "minLength=2"])
    #expect(parameters.taskParams.dictionary == ["maxLength": "10", "minLength": "2"])
    #expect(throws: (any Error).self) { try TrainCommand.parse(["--task-param", "=3"]) }
    let eval = try EvalCommand.parse(["--lengths", "10,20,30,50,80,120", "--repeats", "10,12,20"])
    #expect(eval.lengths?.values == [10, 20, 30, 50, 80, 120])
    #expect(eval.repeats?.values == [10, 12, 20])
    for text in ["", ",", "5,", "a"] {
      #expect(throws: (any Error).self, "\(text)") { try EvalCommand.parse(["--lengths", text]) }
    }
  }

  @Test("view takes the training options of train, and only with --train")
  func viewTrainingOptions() throws {
    let view = try ViewCommand.parse(["--train", "--optimizer", "rmsprop", "--batch", "1", "--lr", "1e-4"])
    #expect(view.training.optimizer == .rmsprop)
    #expect(view.training.batch == 1)
    #expect(view.training.lr == 1e-4)
    #expect(ParsableCommandCase.view(["--batch", "4"]).error() == "--batch: applies only with --train")
  }

  @Test("an unknown subcommand is named, with a suggestion and the list; options are not")
  func unknownSubcommand() throws {
    let message = try #require(NTMCommand.unknownSubcommand(["trian", "--task", "copy"]))
    #expect(message.contains("unknown subcommand 'trian' (did you mean 'train'?)"))
    #expect(message.contains("view, train, eval, trace, info, playground, bench"))
    #expect(NTMCommand.unknownSubcommand(["train"]) == nil)
    #expect(NTMCommand.unknownSubcommand(["--task", "copy"]) == nil)
    #expect(NTMCommand.unknownSubcommand([]) == nil)
    #expect(NTMCommand.editDistance("trian", "train") == 2)
    #expect(NTMCommand.editDistance("", "view") == 4)
  }
}

/// A command line for one of the subcommands, parsed (with validation) as the program would.
enum ParsableCommandCase: CustomStringConvertible {
  case train([String]), eval([String]), bench([String]), view([String])

  /// The message the program would print, or nil when the command line is accepted.
  func error() -> String? {
    func message<C: ParsableCommand>(_: C.Type, _ arguments: [String]) -> String? {
      do {
        _ = try C.parse(arguments)
        return nil
      } catch {
        return C.message(for: error)
      }
    }
    switch self {
    case .train(let arguments): return message(TrainCommand.self, arguments)
    case .eval(let arguments): return message(EvalCommand.self, arguments)
    case .bench(let arguments): return message(BenchCommand.self, arguments)
    case .view(let arguments): return message(ViewCommand.self, arguments)
    }
  }

  var description: String {
    switch self {
    case .train(let a): "train \(a)"
    case .eval(let a): "eval \(a)"
    case .bench(let a): "bench \(a)"
    case .view(let a): "view \(a)"
    }
  }
}

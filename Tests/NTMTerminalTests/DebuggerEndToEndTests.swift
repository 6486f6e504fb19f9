import Foundation
import NTM
import NTMTerminal
import Testing

/// The debugger in a real terminal: `ntm view --at first-error` on a deliberately half-trained
/// model (Tests/Fixtures), then `n` and `N` between its wrong steps, and `--compare`. The
/// steps expected are found by the library on the same checkpoint and sequence.
@Suite(
  "End to end: debugging in tmux", .serialized,
  .enabled(if: EndToEnd.isAvailable, "needs tmux and a built .build/debug/ntm"))
struct DebuggerEndToEndTests {
  static let halfTrained = EndToEnd.packageRoot.appendingPathComponent(
    "Tests/Fixtures/half-trained-copy.safetensors")

  /// The run `ntm view --checkpoint halfTrained --length 20 --seed S` shows, for the first seed
  /// on which the model gets at least three steps wrong (it makes 2.7 wrong bits per sequence
  /// of length 20 on average, so some sequences come out right).
  static func expectedRun() throws -> (seed: UInt64, run: RecordedRun) {
    let checkpoint = try Checkpoint.load(from: halfTrained)
    let task = try checkpoint.makeTask()
    for seed in UInt64(1)...100 {
      var rng = SeededGenerator(seed: seed)
      let episode = task.episode(size: 20, using: &rng)
      let run = RecordedRun(
        parameters: try #require(checkpoint.parameters.ntmParameters), episode: episode,
        reading: task.reading(of: episode))
      if run.wrongBits.filter({ $0 > 0 }).count >= 3 { return (seed, run) }
    }
    throw EndToEnd.SpawnError(what: "no seed of 100 gives the half-trained model three wrong steps")
  }

  @Test func opensAtTheFirstErrorAndStepsBetweenErrors() async throws {
    let (seed, run) = try Self.expectedRun()
    let errors = (0..<run.length).filter { run.wrongBits[$0] > 0 }
    let tmux = try await EndToEnd.startView(
      arguments: [
        "--checkpoint", Self.halfTrained.path, "--length", "20", "--seed", "\(seed)", "--at", "first-error",
      ],
      waitFor: "half-trained-copy")
    defer { tmux.kill() }
    try await tmux.waitForScreen {
      $0.contains("t = \(errors[0])/40") && $0.contains("Memory after step t = \(errors[0])")
        && $0.contains("t = \(errors[0]): \(run.wrongBits[errors[0]]) wrong output bit")
    }
    tmux.send("n")
    try await tmux.waitForScreen { $0.contains("t = \(errors[1])/40") }
    tmux.send("N")
    try await tmux.waitForScreen { $0.contains("t = \(errors[0])/40") }
    tmux.send("N")
    try await tmux.waitForScreen { $0.contains("no wrong output bit before t = \(errors[0])") }
    // From the end (the last step, itself wrong), N goes to the wrong step before it.
    tmux.send("G", "N")
    try await tmux.waitForScreen { $0.contains("t = \(errors[errors.count - 2])/40") }
    tmux.send("q")
    #expect(try await tmux.waitForScreen { $0.contains("EXIT=") }.contains("EXIT=0"))
  }

  @Test func aConditionAndABadConditionFromTheCommandLine() async throws {
    let (seed, run) = try Self.expectedRun()
    let condition = try StepCondition(parsing: "read0.weight<0.9")
    let tmux = try await EndToEnd.startView(
      arguments: [
        "--checkpoint", Self.halfTrained.path, "--length", "20", "--seed", "\(seed)", "--at",
        "read0.weight<0.9",
      ],
      waitFor: "half-trained-copy")
    defer { tmux.kill() }
    if let t = run.firstStep(where: condition) {
      try await tmux.waitForScreen { $0.contains("t = \(t)/40") && $0.contains("read0 weight") }
    } else {
      try await tmux.waitForScreen { $0.contains("never holds in this run") }
    }
    tmux.kill()
    // A malformed --at fails before any screen, naming the option and the problem.
    let result = try EndToEnd.run(EndToEnd.binary.path, ["view", "--at", "read0.blur>2"])
    #expect(result.status != 0)
    #expect(result.error.contains("--at 'read0.blur>2': unknown measure 'blur'"))
  }

  @Test func comparesTheHalfTrainedModelWithTheShippedOne() async throws {
    let shipped = EndToEnd.packageRoot.appendingPathComponent("Assets/models/copy.safetensors")
    let (seed, run) = try Self.expectedRun()
    let other = RecordedRun(
      parameters: try #require(try Checkpoint.load(from: shipped).parameters.ntmParameters),
      episode: run.episode)
    let comparison = RunComparison(run, other)
    let (t, what) = try #require(comparison.firstDivergence)
    let tmux = try await EndToEnd.startView(
      arguments: [
        "--checkpoint", Self.halfTrained.path, "--length", "20", "--seed", "\(seed)", "--compare",
        shipped.path,
      ],
      waitFor: "Compare A ↔ B")
    defer { tmux.kill() }
    tmux.send("G")
    // The half-trained model's first wrong answer is where the two part (the shipped one makes
    // none on this sequence).
    #expect(what.hasSuffix("output bits differ") && t == run.firstStep(where: .wrongBit))
    let screen = try await tmux.waitForScreen { $0.contains("first divergence t = \(t):") }
    #expect(screen.contains("B: \(Int(other.cost(through: run.length - 1).bitErrors)) wrong"))
    tmux.send("c")
    try await tmux.waitForScreen { $0.contains("Weightings over time") }
  }

  @Test func aSecondModelOfAnotherTaskIsRefusedBeforeAnyScreen() async throws {
    let file = EndToEnd.temporaryFile("parentheses.safetensors")
    defer { EndToEnd.removeTemporary(file) }
    let task = try makeTask(named: "balanced-parentheses")
    let c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    try Checkpoint(
      parameters: .ntm(Parameters(configuration: c, seed: 1)), taskName: task.name,
      taskParameters: task.parameters
    )
    .write(to: file)
    let tmux = try await EndToEnd.startView(
      arguments: ["--checkpoint", Self.halfTrained.path, "--compare", file.path], waitFor: "EXIT=")
    defer { tmux.kill() }
    let screen = try tmux.screen()
    #expect(screen.contains("--compare \(file.path): trained on balanced-parentheses, not copy"))
    #expect(!screen.contains("EXIT=0"))
  }
}

/// `ntm view --trace` on a trace written here by hand, as another implementation would write it:
/// a perfect copy algorithm on 16 locations (the write head stores input k at location k, the
/// read head fetches it back), with one planted wrong bit, only the required fields, and a
/// header naming the task so that the screen can read the steps in its terms.
@Suite(
  "End to end: replaying a foreign trace in tmux", .serialized,
  .enabled(if: EndToEnd.isAvailable, "needs tmux and a built .build/debug/ntm"))
struct TraceReplayEndToEndTests {
  static func writeForeignTrace(to url: URL, length: Int = 4, wrongAt: Int = 7) throws {
    var rng = SystemRandomNumberGenerator()
    let vectors = (0..<length).map { _ in (0..<8).map { _ in Double(Int.random(in: 0...1, using: &rng)) } }
    func oneHot(_ i: Int) -> [Double] { (0..<16).map { $0 == i ? 1 : 0 } }
    var lines: [[String: Any]] = [
      [
        "type": "header", "task": "copy",
        "taskParameters": ["vectorWidth": "8", "minLength": "1", "maxLength": "20"],
      ]
    ]
    var memory = [[Double]](repeating: [Double](repeating: 0, count: 8), count: 16)
    for t in 0..<(2 * length + 1) {
      let isInput = t < length
      let isOutput = t > length
      var input = [Double](repeating: 0, count: 9)
      if isInput { input.replaceSubrange(0..<8, with: vectors[t]) }
      if t == length { input[8] = 1 }
      if isInput { memory[t] = vectors[t] }
      let j = t - length - 1
      let target = isOutput ? vectors[j] : [Double](repeating: 0, count: 8)
      var output = target.map { $0 * 0.98 + 0.01 }
      if t == wrongAt { output[0] = 1 - output[0] }
      lines.append([
        "t": t, "input": input, "output": output, "target": target, "scored": isOutput,
        "phase": isInput ? "input" : (isOutput ? "output" : "delimiter"), "memory": memory,
        "heads": [
          ["head": "write0", "weighting": oneHot(min(t, length - 1))],
          ["head": "read0", "weighting": oneHot(isOutput ? j : 0)],
        ],
      ])
    }
    let text = try lines.map {
      // Sorted keys: the same text in every run ("t" is then followed by "target").
      String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self)
    }
    try Data((text.joined(separator: "\n") + "\n").utf8).write(to: url)
  }

  @Test func aForeignTraceIsSteppedAndReadInItsTasksTerms() async throws {
    let file = EndToEnd.temporaryFile("foreign.jsonl")
    defer { EndToEnd.removeTemporary(file) }
    try Self.writeForeignTrace(to: file)
    let tmux = try await EndToEnd.startView(
      arguments: ["--trace", file.path, "--at", "first-error"], waitFor: "replayed from foreign.jsonl")
    defer { tmux.kill() }
    let screen = try await tmux.waitForScreen {
      $0.contains("t = 7/8 · output") && $0.contains("t = 7: 1 wrong output bit")
    }
    #expect(screen.contains("copy · replayed from foreign.jsonl"))
    #expect(screen.contains("locations 0–15"))
    tmux.send("Tab")
    try await tmux.waitForScreen {
      $0.contains("t = 7: output 3 of 4: input 3 · read0 fetches input 3 from location 2 ✓")
    }
    tmux.send("w")
    try await tmux.waitForScreen { $0.contains("Head health · tab: next head") && $0.contains("H bits") }
    tmux.send("r")
    try await tmux.waitForScreen { $0.contains("a replayed trace is one fixed sequence") }
    tmux.send("q")
    #expect(try await tmux.waitForScreen { $0.contains("EXIT=") }.contains("EXIT=0"))
  }

  @Test func aMalformedTraceIsRefusedBeforeAnyScreen() async throws {
    let file = EndToEnd.temporaryFile("broken.jsonl")
    defer { EndToEnd.removeTemporary(file) }
    try Self.writeForeignTrace(to: file)
    var text = try String(contentsOf: file, encoding: .utf8)
    text = text.replacingOccurrences(of: "\"t\":3,", with: "\"t\":30,")
    try Data(text.utf8).write(to: file)
    let tmux = try await EndToEnd.startView(arguments: ["--trace", file.path], waitFor: "EXIT=")
    defer { tmux.kill() }
    let screen = try tmux.screen()
    #expect(screen.contains("broken.jsonl:5: t: is 30, expected 3"))
    #expect(!screen.contains("EXIT=0"))
  }
}

/// The playground opened on a real head at a real step: from `ntm view` with `o`, and from a
/// trace with `ntm playground --trace FILE --step T --head read0`.
@Suite(
  "End to end: the playground on a model's step", .serialized,
  .enabled(if: EndToEnd.isAvailable, "needs tmux and a built .build/debug/ntm"))
struct PlaygroundFromStepEndToEndTests {
  @Test func playgroundOnAStepOfATrace() async throws {
    let file = EndToEnd.temporaryFile("copy.jsonl")
    defer { EndToEnd.removeTemporary(file) }
    let traced = try EndToEnd.run(
      EndToEnd.binary.path, ["trace", "--task", "copy", "--length", "6", "--seed", "3", "--out", file.path])
    #expect(traced.status == 0, "\(traced.error)")
    let run = try TraceReader.read(contentsOf: file).run
    let head = run.ntmRecords[9].readHeads[0].addressing
    let focus = try #require(head.weighting.argmax)
    let tmux = try await EndToEnd.startView(
      "playground", arguments: ["--trace", file.path, "--step", "9", "--head", "read0"],
      waitFor: "wᶜ  content")
    defer { tmux.kill() }
    let screen = try await tmux.waitForScreen { $0.contains("read0 at t = 9 · copy") }
    #expect(screen.contains("Memory M (128 × 20)"))
    #expect(screen.contains("β = \(NumberFormat.fixed(head.keyStrength, decimals: 1))"))
    let sharpened = try #require(screen.split(separator: "\n").first { $0.contains("w   sharpened") })
    #expect(sharpened.contains("\(NumberFormat.fixed(head.weighting[focus], decimals: 2)) @\(focus)"))
    // Set g to 0: the focus moves off the model's; r brings the model's values back.
    tmux.send("Down", "Left", "Left", "Left", "Left", "Left", "Left", "Left", "Left", "Left", "Left")
    try await tmux.waitForScreen { $0.contains("g = 0.00") }
    tmux.send("r")
    try await tmux.waitForScreen { $0.contains("the model's own memory and values") }
    tmux.send("q")
    #expect(try await tmux.waitForScreen { $0.contains("EXIT=") }.contains("EXIT=0"))
    // A step past the end, or a head the trace does not have, is refused by name.
    let bad = try await EndToEnd.startView(
      "playground", arguments: ["--trace", file.path, "--step", "99", "--head", "read0"], waitFor: "EXIT=")
    defer { bad.kill() }
    #expect(try bad.screen().contains("--step 99: copy.jsonl has steps 0…12"))
  }

  @Test func oInTheViewerOpensTheSelectedHeadAndQComesBack() async throws {
    let tmux = try await EndToEnd.startView()
    defer { tmux.kill() }
    tmux.send(
      "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right",
      "Right", "Right", "Tab")
    try await tmux.waitForScreen { $0.contains("t = 12/") && $0.contains("read0 fetches") }
    tmux.send("o")
    try await tmux.waitForScreen {
      $0.contains("NTM playground  read0 at t = 12 · copy") && $0.contains("q: back to the viewer")
    }
    tmux.send("q")
    try await tmux.waitForScreen { $0.contains("t = 12/") && $0.contains("Memory after step t = 12") }
    tmux.send("q")
    #expect(try await tmux.waitForScreen { $0.contains("EXIT=") }.contains("EXIT=0"))
  }
}

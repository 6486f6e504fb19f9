import Foundation
import NTMAssets
import Testing

@testable import NTM

/// A learned initial memory M₀ (`Configuration.memoryInitialisation = .learned`): its gradient
/// against finite differences, its seeded start, its place in checkpoints and traces, and that
/// every model written before it loads and starts from the same constant memory as it did.
@Suite("Learned initial memory")
struct LearnedMemoryTests {
  typealias Name = ParameterLayout.Name

  /// The small configurations of `GradientCheckTests`, with a learned M₀, with and without write
  /// heads: without them no write moves memory, so M₀'s gradient is the read heads' alone.
  static let configurations: [(String, Configuration)] = {
    func learned(_ controller: Configuration.Controller, writeHeads: Int) -> Configuration {
      var c = Configuration(inputWidth: 3, outputWidth: 2)
      c.memoryLocations = 8
      c.memoryWidth = 4
      c.readHeads = 2
      c.writeHeads = writeHeads
      c.controller = controller
      c.memoryInitialisation = .learned
      return c
    }
    return [
      ("lstm, 2 write heads", learned(.lstm(layers: 1, size: 6), writeHeads: 2)),
      ("lstm, no write heads", learned(.lstm(layers: 1, size: 6), writeHeads: 0)),
      ("feedforward, 2 write heads", learned(.feedforward(size: 6, activation: .tanh), writeHeads: 2)),
      ("feedforward, no write heads", learned(.feedforward(size: 6, activation: .tanh), writeHeads: 0)),
    ]
  }()

  // MARK: Gradient

  /// Every block, `memory.initial` among them (12 of its 32 entries), to the tolerance
  /// `FiniteDifferences` states: |analytic − numeric| ≤ 1e-7 + 1e-5 · max(|analytic|, |numeric|).
  @Test(arguments: 0..<4)
  func learnedMemoryMatchesFiniteDifferences(_ which: Int) throws {
    let (name, c) = Self.configurations[which]
    #expect(ParameterLayout(c).blocks.last?.name == Name.initialMemory)
    GradientCheckTests.checkEveryBlock(c, label: name)
  }

  // MARK: Parameters and state

  /// The same seed gives every other parameter the same value with or without a learned M₀,
  /// which starts small, random and different in every row; the machine starts from it.
  @Test func seededMemoryChangesNoOtherDraw() throws {
    var constant = Self.configurations[0].1
    constant.memoryInitialisation = .constant(1e-6)
    let learned = Self.configurations[0].1
    let a = Parameters<Float>(configuration: constant, seed: 5)
    let b = Parameters<Float>(configuration: learned, seed: 5)
    #expect(b.values.count == a.values.count + 8 * 4)
    #expect(Array(b.values[..<a.values.count]) == a.values)
    #expect(b.layout.block(named: Name.initialMemory)?.shape == [8, 4])
    #expect(ParameterLayout.checkedCount(learned) == b.values.count)

    let memory = b[Name.initialMemory]
    #expect(memory.allSatisfy { abs($0) <= 0.5 } && memory.contains { $0 != 0 })
    let rows = (0..<8).map { Array(memory[($0 * 4)..<($0 * 4 + 4)]) }
    #expect(Set(rows.map { $0.map(\.bitPattern) }).count == 8)
    #expect(Machine.initialState(b).memory == Matrix(rows: 8, columns: 4, values: memory))
    #expect(Machine.initialState(a).memory == Matrix(rows: 8, columns: 4, repeating: 1e-6))
  }

  @Test func commandLineFormsParse() throws {
    typealias Form = Configuration.MemoryInitialisation
    #expect(try Form(parsing: "learned") == .learned)
    #expect(try Form(parsing: "constant") == .constant(1e-6))
    #expect(try Form(parsing: "constant:0.5") == .constant(0.5))
    #expect(try Form(parsing: Form.constant(-2e-3).description) == .constant(-2e-3))
    for bad in ["", "learn", "learned:1", "constant:", "constant:nan", "constant:inf", "random"] {
      #expect(throws: ValueError.self, "\(bad)") { try Form(parsing: bad) }
    }
  }

  // MARK: Checkpoints

  /// A constant M₀'s configuration is stored as before learned memory (the key
  /// `memoryInitialValue`, no other): a shipped model's configuration encodes back to its exact
  /// text, and the model starts from the same constant memory.
  @Test func shippedModelsLoadWithTheirConstantMemory() throws {
    let url = try #require(try ShippedModels.url(for: "copy"))
    let file = try SafeTensors.load(from: url)
    let stored = try #require(file.metadata["configuration"])
    #expect(stored.contains("\"memoryInitialValue\"") && !stored.contains("memoryInitialisation"))
    let decoded = try JSONDecoder().decode(Configuration.self, from: Data(stored.utf8))
    #expect(decoded.memoryInitialisation == .constant(1e-6))
    #expect(Checkpoint.json(decoded) == stored)
    let checkpoint = try Checkpoint.load(from: url)
    guard case .ntm(let parameters) = checkpoint.parameters else {
      Issue.record("copy.safetensors holds no NTM")
      return
    }
    #expect(parameters.layout.block(named: Name.initialMemory) == nil)
    #expect(parameters.initialState().memory.values.allSatisfy { $0 == 1e-6 })
  }

  static func learnedCheckpoint() -> Checkpoint {
    var c = CheckpointTests.configuration
    c.memoryInitialisation = .learned
    return Checkpoint(
      parameters: .ntm(Parameters<Float>(configuration: c, seed: 21)), taskName: CheckpointTests.task.name,
      taskParameters: CheckpointTests.task.parameters, sequencesSeen: 10)
  }

  @Test func learnedMemoryRoundTrips() throws {
    let directory = try CheckpointTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("learned.safetensors")
    let original = Self.learnedCheckpoint()
    try original.write(to: url)
    let file = try SafeTensors.load(from: url)
    let stored = try #require(file.metadata["configuration"])
    #expect(stored.contains(#""memoryInitialisation":"learned""#) && !stored.contains("memoryInitialValue"))
    #expect(file.metadata["initialState"]?.hasSuffix("; M0 learned (memory.initial)") == true)
    #expect(file.tensors[Name.initialMemory]?.shape == [8, 4])
    let loaded = try Checkpoint.load(from: url)
    #expect(loaded.parameters.values.map(\.bitPattern) == original.parameters.values.map(\.bitPattern))
    #expect(loaded.configuration == original.configuration)
  }

  static let hostile: [(String, @Sendable (inout SafeTensors) -> Void, [String])] = [
    (
      "M0 of the wrong shape",
      { $0.tensors[Name.initialMemory] = .init(shape: [4, 8], values: [Float](repeating: 0, count: 32)) },
      ["tensor 'memory.initial' has shape [4, 8]; the configuration needs [8, 4]"]
    ),
    (
      "NaN in M0", { $0.tensors[Name.initialMemory]!.values[5] = .nan },
      ["tensor 'memory.initial' holds a non-finite value at index 5"]
    ),
    (
      "M0 missing", { $0.tensors[Name.initialMemory] = nil },
      ["configuration needs 618 parameters, but the file holds only 586 values"]
    ),
    (
      "M0 misnamed",
      { $0.tensors["memory.init"] = $0.tensors.removeValue(forKey: Name.initialMemory) },
      ["tensor 'memory.initial' is missing"]
    ),
    (
      "unknown initialisation",
      {
        HostileCheckpointTests.editJSON(&$0, "configuration", ["memoryInitialisation"], "\"random\"")
      },
      ["metadata 'configuration' is not valid", "memoryInitialisation is 'random'"]
    ),
    (
      "both keys",
      { HostileCheckpointTests.editJSON(&$0, "configuration", ["memoryInitialValue"], "0") },
      [
        "metadata 'configuration' is not valid",
        "memoryInitialisation 'learned' and memoryInitialValue both given",
      ]
    ),
    (
      "M0 beside a constant memory",
      {
        HostileCheckpointTests.editJSON(&$0, "configuration", ["memoryInitialisation"], "null")
        HostileCheckpointTests.editJSON(&$0, "configuration", ["memoryInitialValue"], "0")
      },
      ["tensor 'memory.initial' is not part of an NTM"]
    ),
  ]

  /// Each damaged file is refused with an error naming the file and the field, never a crash.
  @Test(arguments: hostile.indices)
  func hostileLearnedMemoryIsRefused(_ index: Int) throws {
    let (label, damage, fragments) = Self.hostile[index]
    var file = Self.learnedCheckpoint().safeTensors()
    damage(&file)
    let message = try #require(try CheckpointTests.loadError(file, name: "m0.safetensors"), "\(label) loaded")
    #expect(message.hasPrefix("m0.safetensors: "), "\(label): \(message)")
    for fragment in fragments {
      #expect(message.contains(fragment), "\(label): '\(message)' does not mention '\(fragment)'")
    }
  }

  // MARK: Traces

  /// A trace of a model with a learned M₀ replays with its step 0 starting from that M₀; one
  /// whose step 0 lacks `memoryBefore` is refused rather than started from a made-up constant.
  @Test func tracesCarryTheLearnedMemory() throws {
    let c = Self.configurations[2].1
    let parameters = Parameters<Float>(configuration: c, seed: 3)
    let task = try CopyTask(vectorWidth: 2, minLength: 1, maxLength: 2)
    var rng = SeededGenerator(seed: 1)
    let episode = try task.checkedEpisode(size: 2, using: &rng)
    let header = Trace.header(
      configuration: c, task: task.name, taskParameters: task.parameters, seed: 3, checkpoint: nil,
      steps: episode.length)
    var lines = [header]
    Trace.steps(.ntm(parameters), episode: episode) { lines.append($0) }
    let replay = try TraceReader.read(lines.joined(separator: "\n"), source: "m0.jsonl")
    #expect(replay.run.ntmRecords[0].memoryBefore == Machine.initialState(parameters).memory)

    var step = try TraceTests.parse(lines[1])
    step["memoryBefore"] = nil
    lines[1] = String(decoding: try JSONSerialization.data(withJSONObject: step), as: UTF8.self)
    let error = #expect(throws: TraceError.self) {
      try TraceReader.read(lines.joined(separator: "\n"), source: "m0.jsonl")
    }
    #expect(error.map { "\($0)" }?.contains("memoryBefore") == true, "\(String(describing: error))")
  }

  // MARK: Training

  /// The option is the NTM's: a new DNC refuses it, and a resumed NTM refuses a different one.
  @Test func trainingRequestsAreCheckedAgainstTheMachine() throws {
    let directory = try CheckpointTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var request = TrainingRequest()
    request.task = .copy
    request.machine = .dnc
    request.memoryInitialisation = .learned
    let output = directory.appendingPathComponent("m.safetensors")
    let dnc = #expect(throws: ValueError.self) { try TrainingSession(new: request, output: output) }
    #expect(dnc?.description == "memory initialisation learned: is not a setting of the DNC")

    request.machine = nil
    request.controller = .lstm(layers: 1, size: 4)
    request.memoryLocations = 8
    request.memoryWidth = 4
    let session = try TrainingSession(new: request, output: output)
    guard case .ntm(let parameters) = session.trainer.parameters else {
      Issue.record("not an NTM")
      return
    }
    #expect(parameters.configuration.memoryInitialisation == .learned)
    try session.save()
    var resume = TrainingRequest()
    resume.memoryInitialisation = .constant(1e-6)
    let checkpoint = try Checkpoint.load(from: output)
    let refused = #expect(throws: ValueError.self) {
      try TrainingSession(resuming: checkpoint, source: "m.safetensors", request: resume, output: output)
    }
    #expect(
      refused?.description
        == "memory initialisation constant:1e-06: m.safetensors was trained with memory initialisation learned; a resumed run continues it unchanged"
    )
    resume.memoryInitialisation = .learned
    _ = try TrainingSession(resuming: checkpoint, source: "m.safetensors", request: resume, output: output)
  }
}

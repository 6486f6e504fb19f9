import Foundation
import Testing

@testable import NTM

/// Checkpoints on disk: an exact round trip, refusal of every kind of bad file with a message that
/// names the file and the problem, robustness against corrupted bytes, and atomic replacement.
@Suite("Checkpoint")
struct CheckpointTests {
  /// Copy with 2-bit vectors: input 3, output 2.
  static let task = try! CopyTask(vectorWidth: 2, minLength: 1, maxLength: 3)

  static let configuration: Configuration = {
    var c = Configuration(inputWidth: 3, outputWidth: 2)
    c.memoryLocations = 8
    c.memoryWidth = 4
    c.controller = .lstm(layers: 1, size: 6)
    return c
  }()

  /// A checkpoint with every optional part filled in with values that differ from the defaults.
  static func sample() -> Checkpoint {
    let parameters = Parameters<Float>(configuration: configuration, seed: 21)
    var rng = SeededGenerator(seed: 22)
    var state = OptimizerState(count: parameters.values.count)
    state.step = 7
    state.first = state.first.map { _ in Float(rng.normal()) }
    state.second = state.second.map { _ in Float(rng.uniform()) }
    state.mean = state.mean.map { _ in Float(rng.normal() * 1e-3) }
    var training = TrainingSettings()
    training.optimizer = OptimizerSettings(kind: .rmsprop)
    training.optimizer.clipNorm = 5
    training.optimizer.clipRecurrent = 10
    training.batchSize = 4
    training.seed = 99
    training.threads = 2
    training.validationSequences = 17
    return Checkpoint(
      parameters: .ntm(parameters), taskName: task.name, taskParameters: task.parameters, training: training,
      optimizerState: state, sequencesSeen: 640, updates: 160,
      validationCost: SequenceCost(bits: 1.234_567_890_123, bitErrors: 0.1), trainingSeconds: 12.5)
  }

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("ntm-checkpoint-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Writes `file` as `name` in a fresh directory, loads it as a checkpoint and returns the error's
  /// description (nil if it loaded).
  static func loadError(_ file: SafeTensors, name: String) throws -> String? {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent(name)
    try file.write(to: url)
    do {
      _ = try Checkpoint.load(from: url)
      return nil
    } catch {
      return "\(error)"
    }
  }

  // MARK: Round trip

  @Test("save and load give back every parameter bit for bit and every metadata field")
  func roundTrip() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("model.safetensors")
    let original = Self.sample()
    try original.write(to: url)
    let loaded = try Checkpoint.load(from: url)

    #expect(loaded.parameters.values.map(\.bitPattern) == original.parameters.values.map(\.bitPattern))
    #expect(loaded.configuration == .ntm(Self.configuration))
    #expect(loaded.taskName == "copy")
    #expect(loaded.taskParameters == ["vectorWidth": "2", "minLength": "1", "maxLength": "3"])
    #expect(loaded.training == original.training)
    #expect(loaded.training?.optimizer.kind == .rmsprop)
    #expect(loaded.training?.optimizer.clipNorm == 5)
    #expect(loaded.training?.seed == 99)
    #expect(loaded.optimizerState == original.optimizerState)
    #expect(loaded.optimizerState?.step == 7)
    #expect(loaded.sequencesSeen == 640)
    #expect(loaded.updates == 160)
    #expect(loaded.validationCost == SequenceCost(bits: 1.234_567_890_123, bitErrors: 0.1))
    #expect(loaded.trainingSeconds == 12.5)
    #expect(loaded.isTrained)
    let task = try loaded.makeTask()
    #expect(task.parameters == Self.task.parameters)

    // Saving what was loaded gives the same bytes.
    let again = directory.appendingPathComponent("again.safetensors")
    try loaded.write(to: again)
    #expect(try Data(contentsOf: again) == Data(contentsOf: url))
  }

  @Test("a checkpoint without the optional parts round-trips with them absent")
  func minimalRoundTrip() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("untrained.safetensors")
    var c = Self.configuration
    c.controller = .feedforward(size: 5, activation: .relu)
    c.readHeads = 2
    c.learnsInitialState = false
    let parameters = Parameters<Float>(configuration: c, seed: 3)
    try Checkpoint(parameters: .ntm(parameters), taskName: "copy", taskParameters: Self.task.parameters)
      .write(
        to: url)
    let loaded = try Checkpoint.load(from: url)
    #expect(loaded.parameters == .ntm(parameters))
    #expect(loaded.configuration.controller == .feedforward(size: 5, activation: .relu))
    #expect(loaded.training == nil)
    #expect(loaded.optimizerState == nil)
    #expect(loaded.validationCost == nil)
    #expect(loaded.sequencesSeen == 0)
    #expect(!loaded.isTrained)
  }

  // MARK: Rejection

  /// Each case damages the sample's safetensors in one way; the error must name the file and
  /// every listed fragment of the problem.
  static let rejections: [(String, @Sendable (inout SafeTensors) -> Void, [String])] = [
    ("missing tensor", { $0.tensors["output.bias"] = nil }, ["tensor 'output.bias' is missing"]),
    (
      "missing optimizer tensor", { $0.tensors["optimizer.mean"] = nil },
      ["tensor 'optimizer.mean' is missing"]
    ),
    (
      "extra tensor", { $0.tensors["read7.bias"] = .init(shape: [2], values: [1, 2]) },
      ["tensor 'read7.bias'", "not part of"]
    ),
    (
      "wrong shape", { $0.tensors["output.weight"]!.shape = [10, 2] },
      ["tensor 'output.weight' has shape [10, 2]", "[2, 10]"]
    ),
    (
      "wrong optimizer shape", { $0.tensors["optimizer.first"] = .init(shape: [1], values: [0]) },
      ["tensor 'optimizer.first' has shape [1]"]
    ),
    (
      "NaN value", { $0.tensors["write0.bias"]!.values[3] = .nan },
      ["tensor 'write0.bias'", "non-finite", "index 3"]
    ),
    (
      "infinite optimizer value", { $0.tensors["optimizer.second"]!.values[0] = .infinity },
      ["tensor 'optimizer.second'", "non-finite", "index 0"]
    ),
    ("wrong format", { $0.metadata["format"] = "pytorch" }, ["not an NTM checkpoint", "'pytorch'"]),
    ("no format", { $0.metadata["format"] = nil }, ["not an NTM checkpoint", "missing"]),
    ("future version", { $0.metadata["formatVersion"] = "2" }, ["format version 2 is not supported"]),
    ("garbled version", { $0.metadata["formatVersion"] = "one" }, ["format version one is not supported"]),
    (
      "invalid configuration JSON", { $0.metadata["configuration"] = "{\"memoryLocations\": 8," },
      ["metadata 'configuration' is not valid"]
    ),
    (
      "configuration missing a field",
      { $0.metadata["configuration"] = #"{"memoryLocations": 8}"# },
      ["metadata 'configuration' is not valid", "is missing"]
    ),
    (
      "impossible configuration",
      { $0.metadata["configuration"] = configurationJSON { $0.memoryLocations = 0 } },
      ["configuration", "N 0"]
    ),
    (
      "unknown controller",
      {
        $0.metadata["configuration"] = configurationJSON().replacingOccurrences(of: "lstm:6", with: "gru:6")
      },
      ["metadata 'configuration' is not valid", "'gru:6'"]
    ),
    (
      "task widths do not match", { $0.metadata["taskParameters"] = #"{"vectorWidth":"5"}"# },
      ["task copy has input width 6 and output width 5", "3 and 2"]
    ),
    ("unknown task", { $0.metadata["task"] = "sorting" }, ["unknown task 'sorting'"]),
    ("no task", { $0.metadata["task"] = nil }, ["metadata 'task' is missing"]),
    (
      "negative count", { $0.metadata["sequencesSeen"] = "-5" },
      ["metadata 'sequencesSeen' is '-5', not a count"]
    ),
    (
      "bad training settings", { $0.metadata["training"] = #"{"batchSize": "x"}"# },
      ["metadata 'training' is not valid"]
    ),
  ]

  /// The sample's configuration JSON after `change`.
  static func configurationJSON(_ change: (inout Configuration) -> Void = { _ in }) -> String {
    var c = configuration
    change(&c)
    return Checkpoint.json(c)
  }

  @Test("bad checkpoints are refused, naming the file and the problem", arguments: rejections.indices)
  func rejection(_ index: Int) throws {
    let (label, damage, fragments) = Self.rejections[index]
    var file = Self.sample().safeTensors()
    damage(&file)
    let name = "case-\(index).safetensors"
    let message = try #require(try Self.loadError(file, name: name), "\(label): loaded")
    #expect(message.hasPrefix(name + ": "), "\(label): \(message)")
    for fragment in fragments {
      #expect(message.contains(fragment), "\(label): '\(message)' does not mention '\(fragment)'")
    }
  }

  /// A configuration far larger than the file's tensors must be refused before the model is
  /// allocated (these would need terabytes, or overflow Int).
  @Test(
    "absurdly large configurations are refused without allocating",
    arguments: [
      #""memoryLocations":8"# + "|" + #""memoryLocations":1099511627776"#,
      #""memoryWidth":4"# + "|" + #""memoryWidth":4611686018427387904"#,
      #""readHeads":1"# + "|" + #""readHeads":1000000000000"#,
      #""controller":"lstm:6""# + "|" + #""controller":"lstm:1000000x1000000""#,
      #""shifts":[-1,1]"# + "|" + #""shifts":[-9223372036854775808,9223372036854775807]"#,
    ])
  func hugeConfiguration(_ substitution: String) throws {
    let parts = substitution.components(separatedBy: "|")
    var file = Self.sample().safeTensors()
    let json = file.metadata["configuration"]!
    #expect(json.contains(parts[0]), "fixture: \(json)")
    file.metadata["configuration"] = json.replacingOccurrences(of: parts[0], with: parts[1])
    let message = try #require(try Self.loadError(file, name: "huge.safetensors"))
    #expect(message.hasPrefix("huge.safetensors: "), "\(message)")
    #expect(message.contains("configuration"), "\(message)")
  }

  @Test("a truncated file is refused, naming the file")
  func truncated() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("cut.safetensors")
    let bytes = try Self.sample().safeTensors().encoded()
    for length in [0, 7, 8, 100, bytes.count / 2, bytes.count - 1] {
      try bytes.prefix(length).write(to: url)
      do {
        _ = try Checkpoint.load(from: url)
        Issue.record("cut to \(length) bytes: loaded")
      } catch {
        #expect("\(error)".hasPrefix("cut.safetensors: "), "\(error)")
      }
    }
  }

  @Test("a missing file is refused, naming it")
  func missingFile() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let error = #expect(throws: (any Error).self) {
      try Checkpoint.load(from: directory.appendingPathComponent("nowhere.safetensors"))
    }
    #expect(error.map { "\($0)" }?.hasPrefix("nowhere.safetensors: ") == true, "\(String(describing: error))")
  }

  // MARK: Atomic write

  @Test("writing over a directory throws and leaves the directory as it was")
  func writeOverDirectory() throws {
    let parent = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: parent) }
    let target = parent.appendingPathComponent("model.safetensors")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
    let inside = target.appendingPathComponent("keep.txt")
    try Data("keep me".utf8).write(to: inside)

    let error = #expect(throws: (any Error).self) { try Self.sample().write(to: target) }
    #expect(error.map { "\($0)" }?.hasPrefix("model.safetensors: ") == true, "\(String(describing: error))")
    var isDirectory: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory))
    #expect(isDirectory.boolValue)
    #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["keep.txt"])
    #expect(try Data(contentsOf: inside) == Data("keep me".utf8))
    // No temporary file is left beside it.
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["model.safetensors"])
  }

  @Test("a write that fails leaves the previous checkpoint intact")
  func failedWriteKeepsOldFile() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("model.safetensors")
    try Self.sample().write(to: url)
    let before = try Data(contentsOf: url)
    // An optimiser state of the wrong length cannot be encoded.
    var broken = Self.sample()
    broken.parameters.values[0] += 1
    broken.optimizerState?.first.removeLast()
    #expect(throws: (any Error).self) { try broken.write(to: url) }
    #expect(try Data(contentsOf: url) == before)
    #expect(try Checkpoint.load(from: url).parameters == Self.sample().parameters)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])
  }
}

import Foundation
import Testing

@testable import NTM

/// `TrainingSession`'s policy: defaults for a new run, what a resumed run may change and what it
/// refuses, output paths checked before training, the best model kept.
@Suite("Training session")
struct TrainingSessionTests {
  static func directory() throws -> URL { try CheckpointTests.temporaryDirectory() }

  /// A tiny copy run, as a user would ask for it.
  static func request() -> TrainingRequest {
    var request = TrainingRequest()
    request.task = .copy
    request.taskParameters = ["vectorWidth": "2", "maxLength": "3"]
    request.controller = .lstm(layers: 1, size: 6)
    (request.memoryLocations, request.memoryWidth) = (8, 4)
    request.batchSize = 2
    request.threads = 1
    return request
  }

  /// A checkpoint of `request()` after one update, in `folder`.
  static func trainedOnce(in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent("m.safetensors")
    let first = try TrainingSession(new: request(), output: url)
    try first.trainer.trainBatch()
    try first.save()
    return url
  }

  @Test("a new run takes unset settings from the library's defaults")
  func newRunDefaults() throws {
    let folder = try Self.directory()
    defer { try? FileManager.default.removeItem(at: folder) }
    var request = TrainingRequest()
    request.task = .copy
    let session = try TrainingSession(new: request, output: folder.appendingPathComponent("m.safetensors"))
    let defaults = TrainingSettings()
    #expect(session.trainer.settings.optimizer == defaults.optimizer)
    #expect(session.trainer.settings.batchSize == defaults.batchSize)
    #expect(
      session.trainer.parameters.machineConfiguration == .ntm(Configuration(inputWidth: 9, outputWidth: 8)))
    #expect(session.notes.isEmpty)
    // Nothing was written yet: the output was only checked.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  @Test("an output path that cannot be written is refused before anything trains")
  func unwritableOutput() throws {
    let folder = try Self.directory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("nope/x.safetensors")
    let error = #expect(throws: ValueError.self) {
      try TrainingSession(new: Self.request(), output: missing)
    }
    #expect(error?.description.contains("does not exist") == true, "\(String(describing: error))")
    #expect(throws: ValueError.self) {
      try TrainingSession(new: Self.request(), output: folder.appendingPathComponent("m"), best: folder)
    }
  }

  @Test("a resumed run refuses a different task, shape, optimiser or seed, and says what it replaces")
  func resumeRules() throws {
    let folder = try Self.directory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = try Self.trainedOnce(in: folder)
    let checkpoint = try Checkpoint.load(from: url)

    let refusals: [(String, (inout TrainingRequest) -> Void)] = [
      ("task", { $0.task = .repeatCopy }),
      ("memory locations", { $0.memoryLocations = 16 }),
      ("controller", { $0.controller = .lstm(layers: 2, size: 6) }),
      ("shifts", { $0.shifts = -2...2 }),
      ("read heads", { $0.readHeads = 2 }),
      ("optimizer", { $0.optimizer = TrainingSettings().optimizer.kind == .adam ? .rmsprop : .adam }),
      ("seed", { $0.seed = 77 }),
      ("task parameters", { $0.taskParameters = ["vectorWidth": "3"] }),
    ]
    for (what, change) in refusals {
      var request = Self.request()
      change(&request)
      let error = #expect(throws: ValueError.self, "\(what)") {
        try TrainingSession(resuming: checkpoint, source: "m.safetensors", request: request, output: url)
      }
      #expect(error?.description.hasPrefix(what) == true, "\(what): \(String(describing: error))")
    }

    var request = Self.request()  // the same shape as stored: accepted
    request.learningRate = 1e-5
    request.batchSize = 3
    request.clipNorm = .at(2)
    request.clipRecurrent = .at(10)
    request.taskParameters["maxLength"] = "5"  // a curriculum
    let resumed = try TrainingSession(
      resuming: checkpoint, source: "m.safetensors", request: request, output: url)
    #expect(resumed.trainer.settings.optimizer.learningRate == 1e-5)
    #expect(resumed.trainer.settings.batchSize == 3)
    #expect(resumed.trainer.settings.optimizer.clipNorm == 2)
    #expect(resumed.trainer.settings.optimizer.clipRecurrent == 10)
    #expect(resumed.trainer.task.trainingSizes == 1...5)
    #expect(resumed.trainer.parameters == checkpoint.parameters)
    for fragment in [
      "learning rate 1e-05", "batch size 3", "clip norm 2.0", "clip recurrent 10.0", "maxLength=5",
    ] {
      #expect(resumed.notes.contains { $0.contains(fragment) }, "\(fragment) not in \(resumed.notes)")
    }
  }

  @Test("the best model is written when validation improves, and a better earlier one is kept")
  func bestModel() throws {
    let folder = try Self.directory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("m.safetensors")
    let best = folder.appendingPathComponent("best.safetensors")
    let session = try TrainingSession(new: Self.request(), output: url, best: best)
    #expect(try session.validated(SequenceCost(bits: 5, bitErrors: 1)))
    #expect(try !session.validated(SequenceCost(bits: 6, bitErrors: 1)))
    #expect(try session.validated(SequenceCost(bits: 4, bitErrors: 1)))
    #expect(try Checkpoint.load(from: best).validationCost?.bits == 4)
    try session.save()

    let resumed = try TrainingSession(
      resuming: try Checkpoint.load(from: url), source: "m", request: Self.request(), output: url, best: best)
    #expect(try !resumed.validated(SequenceCost(bits: 4.5, bitErrors: 1)))
    #expect(try Checkpoint.load(from: best).validationCost?.bits == 4)
  }

  @Test("after a failed first update nothing is saved, so a resumed file stays as it was")
  func failureBeforeAnyUpdate() throws {
    let folder = try Self.directory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = try Self.trainedOnce(in: folder)
    let before = try Data(contentsOf: url)
    var request = Self.request()
    request.learningRate = 1e300
    let session = try TrainingSession(
      resuming: try Checkpoint.load(from: url), source: "m", request: request, output: url)
    #expect(throws: TrainingError.self) { try session.trainer.trainBatch() }
    #expect(try !session.saveAfterFailure())
    #expect(try Data(contentsOf: url) == before)
  }
}

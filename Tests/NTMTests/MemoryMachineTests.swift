import Foundation
import Testing

@testable import NTM

/// One abstraction for both machines: `MachineParameters` hands each call to the machine it
/// holds, the trainer trains either, and a checkpoint records which machine it holds.
@Suite("Memory machines")
struct MemoryMachineTests {
  static let task = CheckpointTests.task

  static let dnc: DNCConfiguration = {
    var c = DNCConfiguration(inputWidth: 3, outputWidth: 2)
    c.memoryLocations = 6
    c.memoryWidth = 4
    c.readHeads = 2
    c.controller = .lstm(layers: 1, size: 8)
    c.deallocation = true
    return c
  }()

  static func episode(seed: UInt64 = 3) -> Episode {
    var rng = SeededGenerator(seed: seed)
    return task.episode(size: 3, using: &rng)
  }

  @Test("the sum type runs each machine exactly as the machine itself does")
  func dispatchIsExact() {
    let episode = Self.episode()
    let dnc = DNCParameters<Float>(configuration: Self.dnc, seed: 4)
    let records = MachineParameters.dnc(dnc).run(inputs: episode.inputs)
    #expect(records == DNC.run(dnc, inputs: episode.inputs).map(MachineRecord.dnc))
    var ntmConfiguration = Configuration(inputWidth: 3, outputWidth: 2)
    ntmConfiguration.memoryLocations = 6
    let ntm = Parameters<Float>(configuration: ntmConfiguration, seed: 4)
    #expect(
      MachineParameters.ntm(ntm).run(inputs: episode.inputs)
        == Machine.run(ntm, inputs: episode.inputs).map(MachineRecord.ntm))
    // The backward pass through the sum type is the machine's own, value for value.
    let machine = MachineParameters.dnc(dnc)
    var viaSum = [Float](repeating: 0, count: machine.parameterCount)
    viaSum.withUnsafeMutableBufferPointer { g in
      machine.backward(records: records, targets: episode.targets, scored: episode.scored)
        .add(into: g.baseAddress!)
    }
    let direct = dnc.gradient(for: episode).gradient.values
    #expect(viaSum.map(\.bitPattern) == direct.map(\.bitPattern))
  }

  /// The trainer takes a DNC as it takes an NTM: the sum of a batch does not depend on the number
  /// of threads, and an update changes the parameters.
  @Test("a DNC trains through the one trainer, the same on 1 and 2 threads")
  func dncTrains() throws {
    func trainer(threads: Int) -> Trainer {
      var settings = TrainingSettings()
      settings.batchSize = 4
      settings.threads = threads
      settings.validationSequences = 8
      return Trainer(
        task: Self.task, parameters: .dnc(DNCParameters(configuration: Self.dnc, seed: 5)), settings: settings
      )
    }
    let one = trainer(threads: 1)
    let two = trainer(threads: 2)
    let before = one.validate()
    for _ in 0..<3 {
      try one.trainBatch()
      try two.trainBatch()
    }
    #expect(one.parameters.values.map(\.bitPattern) == two.parameters.values.map(\.bitPattern))
    #expect(one.parameters != .dnc(DNCParameters(configuration: Self.dnc, seed: 5)))
    #expect(one.validate() != before)
  }

  @Test("a DNC checkpoint records its machine and loads back exactly; a file naming none is an NTM")
  func dncCheckpointRoundTrip() throws {
    let directory = try CheckpointTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("dnc.safetensors")
    let parameters = MachineParameters<Float>.dnc(DNCParameters(configuration: Self.dnc, seed: 6))
    let checkpoint = Checkpoint(
      parameters: parameters, taskName: Self.task.name, taskParameters: Self.task.parameters,
      optimizerState: OptimizerState(count: parameters.parameterCount), sequencesSeen: 8, updates: 2)
    #expect(checkpoint.safeTensors().metadata["machine"] == "dnc")
    try checkpoint.write(to: url)
    let loaded = try Checkpoint.load(from: url)
    #expect(loaded.configuration == .dnc(Self.dnc))
    #expect(loaded.parameters.values.map(\.bitPattern) == parameters.values.map(\.bitPattern))

    var ntm = CheckpointTests.sample().safeTensors()
    ntm.metadata["machine"] = nil
    let name = "old.safetensors"
    #expect(try CheckpointTests.loadError(ntm, name: name) == nil)
  }

  @Test("a checkpoint whose machine does not match its tensors is refused, naming the file and why")
  func mismatchedMachineIsRefused() throws {
    var file = CheckpointTests.sample().safeTensors()
    file.metadata["machine"] = "dnc"
    let error = try #require(try CheckpointTests.loadError(file, name: "mixed.safetensors"))
    #expect(error.hasPrefix("mixed.safetensors: metadata 'configuration' is not valid"), "\(error)")
    file.metadata["machine"] = "lstm"
    let unknown = try #require(try CheckpointTests.loadError(file, name: "odd.safetensors"))
    #expect(unknown == "odd.safetensors: metadata 'machine' is 'lstm', not one of ntm, dnc", "\(unknown)")
    var dnc = Checkpoint(
      parameters: .dnc(DNCParameters(configuration: Self.dnc, seed: 6)), taskName: Self.task.name,
      taskParameters: Self.task.parameters
    ).safeTensors()
    dnc.tensors["write0.weight"] = .init(shape: [1], values: [0])
    let extra = try #require(try CheckpointTests.loadError(dnc, name: "extra.safetensors"))
    #expect(extra.contains("tensor 'write0.weight' is not part of a DNC"), "\(extra)")
  }

  @Test("a training session makes the machine asked for, and a resumed one keeps it")
  func sessionMakesEitherMachine() throws {
    let folder = try TrainingSessionTests.directory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("dnc.safetensors")
    var request = TrainingSessionTests.request()
    request.machine = .dnc
    request.deallocation = true
    let session = try TrainingSession(new: request, output: url)
    guard case .dnc(let c) = session.trainer.parameters.machineConfiguration else {
      Issue.record("a \(session.trainer.parameters.machineConfiguration.kind) was made")
      return
    }
    #expect((c.memoryLocations, c.memoryWidth, c.deallocation, c.masking) == (8, 4, true, false))
    try session.trainer.trainBatch()
    try session.save()
    let resumed = try TrainingSession(
      resuming: try Checkpoint.load(from: url), source: "dnc.safetensors", request: TrainingRequest(),
      output: url)
    #expect(resumed.trainer.parameters == session.trainer.parameters)
    var ntm = TrainingRequest()
    ntm.machine = .ntm
    let refused = #expect(throws: ValueError.self) {
      try TrainingSession(
        resuming: try Checkpoint.load(from: url), source: "dnc.safetensors", request: ntm, output: url)
    }
    #expect(
      refused?.description.contains("dnc.safetensors was trained with machine dnc") == true,
      "\(String(describing: refused))")
    request.shifts = -1...1
    let shifts = #expect(throws: ValueError.self) { try TrainingSession(new: request, output: url) }
    #expect(
      shifts?.description.contains("is not a setting of the DNC") == true, "\(String(describing: shifts))")
  }
}

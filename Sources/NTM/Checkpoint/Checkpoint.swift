import Foundation

/// A trained (or training) machine on disk, NTM or DNC: its parameters as safetensors tensors
/// named by `ParameterLayout`, and in `__metadata__` everything needed to rebuild and resume it:
/// the machine (`ntm` or `dnc`; a file that names none holds an NTM) and its configuration, the task and its parameters, the training settings, sequences seen, the last
/// validation cost, the seed and a format version. The optimiser's state is stored as three
/// more tensors (`optimizer.first`, `optimizer.second`, `optimizer.mean`) when present.
///
/// Loading checks everything and either returns a whole model or throws an error that names
/// the file and what is wrong; it never loads half a model.
public struct Checkpoint: Sendable {
  /// The `format` value in the metadata of every checkpoint this library writes; a file without it
  /// is refused.
  public static let format = "ntm-checkpoint"
  /// The version of the checkpoint layout, raised when it changes incompatibly; a newer file is
  /// refused rather than misread.
  public static let formatVersion = 1

  /// Every learned number of either machine, in the layout its configuration defines.
  public var parameters: MachineParameters<Float>
  /// The task it was trained on (`copy`, `repeat-copy`, …), as `TaskName` spells it.
  public var taskName: String
  /// The task's parameters as strings (`maxLength` = `20`, …), enough for ``makeTask()`` to rebuild
  /// the same task.
  public var taskParameters: [String: String]
  /// The settings of the run that trained it (optimiser, batch size, seed); nil for an untrained
  /// model.
  public var training: TrainingSettings?
  /// The optimiser's running averages, saved so that `--resume` continues exactly; nil when not
  /// saved.
  public var optimizerState: OptimizerState?
  /// Training sequences seen, over all resumed runs; 0 for an untrained model.
  public var sequencesSeen: Int
  /// Parameter updates made, over all resumed runs.
  public var updates: Int
  /// The mean cost per sequence on the held-out validation set at the last validation, if any.
  public var validationCost: SequenceCost?
  /// Wall-clock seconds spent training, over all resumed runs.
  public var trainingSeconds: Double

  /// The machine's kind and shape.
  public var configuration: MachineConfiguration { parameters.machineConfiguration }
  /// Whether the model has been trained at all.
  public var isTrained: Bool { sequencesSeen > 0 }

  /// A checkpoint of the given parameters; everything about training is optional, for an untrained
  /// model.
  public init(
    parameters: MachineParameters<Float>, taskName: String, taskParameters: [String: String],
    training: TrainingSettings? = nil, optimizerState: OptimizerState? = nil, sequencesSeen: Int = 0,
    updates: Int = 0, validationCost: SequenceCost? = nil, trainingSeconds: Double = 0
  ) {
    self.parameters = parameters
    self.taskName = taskName
    self.taskParameters = taskParameters
    self.training = training
    self.optimizerState = optimizerState
    self.sequencesSeen = sequencesSeen
    self.updates = updates
    self.validationCost = validationCost
    self.trainingSeconds = trainingSeconds
  }

  /// The task this checkpoint was trained on, rebuilt from its metadata.
  public func makeTask() throws -> any TaskGenerator {
    try NTM.makeTask(named: taskName, parameters: taskParameters)
  }

  // MARK: Writing

  /// The checkpoint as safetensors: one tensor per parameter block (named as ``ParameterLayout``
  /// names them), the optimiser state if any, and the metadata.
  public func safeTensors() -> SafeTensors {
    var tensors: [String: SafeTensors.Tensor] = [:]
    for block in parameters.layout.blocks {
      tensors[block.name] = .init(shape: block.shape, values: Array(parameters.values[block.range]))
    }
    if let state = optimizerState {
      let count = parameters.values.count
      tensors["optimizer.first"] = .init(shape: [count], values: state.first)
      tensors["optimizer.second"] = .init(shape: [count], values: state.second)
      tensors["optimizer.mean"] = .init(shape: [count], values: state.mean)
    }
    var metadata: [String: String] = [
      "format": Checkpoint.format,
      "formatVersion": String(Checkpoint.formatVersion),
      "machine": configuration.kind.rawValue,
      "task": taskName,
      "taskParameters": Checkpoint.json(taskParameters),
      "sequencesSeen": String(sequencesSeen),
      "updates": String(updates),
      "trainingSeconds": String(trainingSeconds),
    ]
    switch configuration {
    case .ntm(let c):
      metadata["configuration"] = Checkpoint.json(c)
      metadata["initialState"] =
        (c.learnsInitialState
          ? "learned: w0 = softmax(<head>.initialWeighting), r0, h0, c0"
          : "fixed at their stored values")
        + (c.memoryInitialisation == .learned ? "; M0 learned (memory.initial)" : "; M0 constant")
      metadata["shiftConvention"] = "offset +1 moves the focus from location i to i+1, circularly"
    case .dnc(let c):
      metadata["configuration"] = Checkpoint.json(c)
      metadata["initialState"] =
        (c.learnsInitialState ? "learned: h0, c0" : "h0, c0 fixed at their stored values")
        + "; memory, usage, links, precedence, weightings and reads zero"
    }
    if let training {
      metadata["training"] = Checkpoint.json(training)
      metadata["seed"] = String(training.seed)
    }
    if let state = optimizerState { metadata["optimizerStep"] = String(state.step) }
    if let cost = validationCost {
      metadata["validationBits"] = String(cost.bits)
      metadata["validationBitErrors"] = String(cost.bitErrors)
    }
    return SafeTensors(tensors: tensors, metadata: metadata)
  }

  /// Writes atomically (`OutputFile`): a crash at any moment leaves the previous file intact.
  ///
  /// The bytes are first read back through the loader, so a checkpoint that would not load (a
  /// non-finite parameter, a setting out of range) is refused and never replaces a good file.
  public func write(to url: URL) throws {
    let name = url.lastPathComponent
    func refuse(_ problem: String) -> CheckpointError { CheckpointError(source: name, problem: problem) }
    let data: Data
    do throws(SafeTensorsError) { data = try safeTensors().encoded() } catch { throw refuse(error.problem) }
    if let problem = Checkpoint.loadProblem(data, source: name) {
      throw refuse("not saved, as it would not load back: \(problem)")
    }
    do throws(OutputFile.Failure) { try OutputFile.write(data, to: url) } catch {
      throw refuse(error.problem)
    }
  }

  /// Why `data` would not load as a checkpoint, or nil when it would.
  static func loadProblem(_ data: Data, source: String) -> String? {
    do {
      _ = try Checkpoint(try SafeTensors(data: data, source: source), source: source)
      return nil
    } catch let error as CheckpointError {
      return error.problem
    } catch let error as SafeTensorsError {
      return error.problem
    } catch {
      return "\(error)"
    }
  }

  // MARK: Reading

  /// Reads and validates a checkpoint file: header, dtypes, shapes against the configuration,
  /// missing or extra tensors, non-finite values. Throws a ``SafeTensorsError`` or
  /// ``CheckpointError`` naming the file and the problem; never returns half a model.
  public static func load(from url: URL) throws -> Checkpoint {
    let file = url.lastPathComponent
    let tensors = try SafeTensors.load(from: url)
    return try Checkpoint(tensors, source: file)
  }

  /// Validates and builds a checkpoint from decoded safetensors; errors name `source`.
  public init(_ file: SafeTensors, source: String) throws(CheckpointError) {
    func fail(_ problem: String) -> CheckpointError { CheckpointError(source: source, problem: problem) }
    let metadata = file.metadata
    guard metadata["format"] == Checkpoint.format else {
      throw fail(
        "not an NTM checkpoint (metadata 'format' is \(metadata["format"].map { "'\($0)'" } ?? "missing"))")
    }
    guard let version = metadata["formatVersion"].flatMap(Int.init), version == Checkpoint.formatVersion
    else {
      throw fail(
        "format version \(metadata["formatVersion"] ?? "missing") is not supported (this build reads \(Checkpoint.formatVersion))"
      )
    }
    func decode<T: Decodable>(_ key: String, as type: T.Type) throws(CheckpointError) -> T {
      guard let text = metadata[key] else { throw fail("metadata '\(key)' is missing") }
      do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
        throw fail("metadata '\(key)' is not valid: \(Checkpoint.describe(error))")
      }
    }
    // Files written before the DNC name no machine: they hold NTMs.
    let machine = metadata["machine"] ?? MachineKind.ntm.rawValue
    let configuration: MachineConfiguration
    switch MachineKind(rawValue: machine) {
    case .ntm: configuration = .ntm(try decode("configuration", as: Configuration.self))
    case .dnc: configuration = .dnc(try decode("configuration", as: DNCConfiguration.self))
    case nil:
      throw fail(
        "metadata 'machine' is '\(machine)', not one of \(MachineKind.allCases.map(\.rawValue).joined(separator: ", "))"
      )
    }
    do { try configuration.validate() } catch { throw fail("configuration: \(error.description)") }
    guard let task = metadata["task"] else { throw fail("metadata 'task' is missing") }
    // The task is rebuilt (which checks every parameter's range) and its parameters kept in their
    // normal form, so nothing but known names and whole numbers comes from the file.
    let made: any TaskGenerator
    do {
      made = try NTM.makeTask(
        named: task, parameters: try decode("taskParameters", as: [String: String].self))
    } catch let error as CheckpointError {
      throw error
    } catch {
      throw fail("task: \(error)")
    }
    guard made.inputWidth == configuration.inputWidth, made.outputWidth == configuration.outputWidth else {
      throw fail(
        "task \(task) has input width \(made.inputWidth) and output width \(made.outputWidth), but the configuration has \(configuration.inputWidth) and \(configuration.outputWidth)"
      )
    }
    func integer(_ key: String) throws(CheckpointError) -> Int {
      guard let text = metadata[key] else { return 0 }
      guard let value = Int(text), Limits.count.contains(value) else {
        throw fail("metadata '\(key)' is '\(text)', not a count in \(Limits.describe(Limits.count))")
      }
      return value
    }
    /// A finite number ≥ 0, or nil when the key is absent.
    func real(_ key: String) throws(CheckpointError) -> Double? {
      guard let text = metadata[key] else { return nil }
      guard let value = Double(text), value.isFinite, value >= 0 else {
        throw fail("metadata '\(key)' is '\(text)', not a finite number ≥ 0")
      }
      return value
    }
    var training: TrainingSettings?
    if metadata["training"] != nil {
      let settings = try decode("training", as: TrainingSettings.self)
      do { try settings.validate() } catch { throw fail("training settings: \(error.description)") }
      training = settings
    }

    // The configuration comes from the file: refuse one that needs more values than the file
    // holds before building (and allocating) its layout.
    let available = file.tensors.values.reduce(0) { $0 + $1.values.count }
    guard let needed = configuration.checkedParameterCount, needed <= available else {
      throw fail(
        "configuration needs \(configuration.checkedParameterCount.map(String.init) ?? "more than \(Int.max)") parameters, but the file holds only \(available) values"
      )
    }
    var parameters = MachineParameters<Float>(zerosFor: configuration)
    var expected = Set(parameters.layout.blocks.map(\.name))
    for block in parameters.layout.blocks {
      guard let tensor = file.tensors[block.name] else { throw fail("tensor '\(block.name)' is missing") }
      guard tensor.shape == block.shape else {
        throw fail("tensor '\(block.name)' has shape \(tensor.shape); the configuration needs \(block.shape)")
      }
      parameters.values.replaceSubrange(block.range, with: tensor.values)
    }
    var optimizerState: OptimizerState?
    let optimizerNames = ["optimizer.first", "optimizer.second", "optimizer.mean"]
    if optimizerNames.contains(where: { file.tensors[$0] != nil }) {
      var state = OptimizerState(count: parameters.values.count)
      for name in optimizerNames {
        guard let tensor = file.tensors[name] else { throw fail("tensor '\(name)' is missing") }
        guard tensor.shape == [parameters.values.count] else {
          throw fail(
            "tensor '\(name)' has shape \(tensor.shape); the model needs [\(parameters.values.count)]")
        }
        switch name {
        case "optimizer.first": state.first = tensor.values
        case "optimizer.second": state.second = tensor.values
        default: state.mean = tensor.values
        }
      }
      state.step = try integer("optimizerStep")
      optimizerState = state
      expected.formUnion(optimizerNames)
    }
    if let extra = file.tensors.keys.sorted().first(where: { !expected.contains($0) }) {
      throw fail(
        "tensor '\(extra)' is not part of \(configuration.kind == .ntm ? "an" : "a") \(configuration.kind.title) with a \(configuration.controller) controller and this configuration"
      )
    }
    if let bad = file.firstNonFinite() {
      throw fail("tensor '\(bad.name)' holds a non-finite value at index \(bad.index)")
    }
    var validation: SequenceCost?
    if let bits = try real("validationBits"), let errors = try real("validationBitErrors") {
      validation = SequenceCost(bits: bits, bitErrors: errors)
    }
    self.init(
      parameters: parameters, taskName: made.name, taskParameters: made.parameters, training: training,
      optimizerState: optimizerState, sequencesSeen: try integer("sequencesSeen"),
      updates: try integer("updates"),
      validationCost: validation, trainingSeconds: try real("trainingSeconds") ?? 0)
  }

  static func json<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
  }

  private static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.dataCorrupted(let context): context.debugDescription
    case DecodingError.keyNotFound(let key, _): "field '\(key.stringValue)' is missing"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
    default: "\(error)"
    }
  }
}

/// A checkpoint that cannot be used; the message names the file and the problem.
public struct CheckpointError: Error, CustomStringConvertible, LocalizedError {
  /// The file, as named in the message.
  public let source: String
  /// What is wrong with it.
  public let problem: String

  /// Control characters in either part are escaped: both may come from a hostile file.
  public init(source: String, problem: String) {
    self.source = PrintableText.escaped(source)
    self.problem = PrintableText.escapedLines(problem)
  }

  public var description: String { "\(source): \(problem)" }
  public var errorDescription: String? { description }
}

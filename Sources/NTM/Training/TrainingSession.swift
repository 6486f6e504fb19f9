import Foundation

/// One training run with its policy: how a new machine or a resumed checkpoint is set up from a
/// `TrainingRequest`, which settings a resumed run may change, where the model is saved and when
/// the best one is kept. `ntm train` and `ntm view --train` are thin shells over it.
///
/// ```swift
/// let session = try TrainingSession(resuming: url, request: request, output: url, best: bestURL)
/// for note in session.notes { print(note) }       // "learning rate 1e-05 replaces the stored 0.0001"
/// let reason = try TrainingLoop(trainer: session.trainer, conditions: stop).run(
///   interrupted: { false }, progress: { _ in }, validated: { try session.validated($0) },
///   checkpoint: { _ in try session.save() })
/// try session.save()
/// ```
///
/// Rules:
/// - A new run takes every unset field from the library's defaults: `Configuration` for the
///   machine, `TrainingSettings()` and `OptimizerSettings(kind:)` for training.
/// - A resumed run continues the checkpoint exactly: its machine, task, optimiser (with its
///   state) and seed. It may replace the learning rate, the batch size, the threads and the
///   clipping (each replacement is reported in `notes`), and task parameters that keep the task's
///   input and output widths (a curriculum). A different task, machine shape, optimiser or seed is
///   refused with an error rather than ignored: the run could not honour it.
/// - Output paths are checked before anything trains, so a typo does not cost the run.
/// - Nothing non-finite is saved: the trainer keeps the last good parameters when an update
///   fails, and `Checkpoint.write` refuses a checkpoint that would not load back.
/// - The best model (by validation cost in bits) is written to `best` whenever it improves; on a
///   resumed run, a better model already in that file is kept.
public final class TrainingSession {
  public let trainer: Trainer
  /// What the request changed in a resumed run, for the person who asked.
  public let notes: [String]
  public let output: URL
  public private(set) var lastValidation: SequenceCost?
  /// Seconds spent training before this run (a resumed checkpoint's total).
  private let secondsBefore: Double
  private let start = Date()
  private var best: (url: URL, bits: Double)?
  /// Updates the model had when this run began.
  private let updatesAtStart: Int

  /// A new machine for `request.task` (copy when unset).
  public init(new request: TrainingRequest, output: URL, best: URL? = nil) throws {
    let task = try (request.task ?? .copy).make(parameters: request.taskParameters)
    let c = try Self.configuration(request, task: task)
    try c.validate()
    var settings = TrainingSettings()
    if let kind = request.optimizer { settings.optimizer = OptimizerSettings(kind: kind) }
    if let seed = request.seed { settings.seed = seed }
    _ = Self.apply(request, to: &settings)
    try Self.prepare(c, task: task, settings: settings, output: output, best: best)
    trainer = Trainer(
      task: task, parameters: MachineParameters(configuration: c, seed: settings.seed), settings: settings)
    notes = []
    secondsBefore = 0
    updatesAtStart = 0
    self.output = output
    self.best = best.map { ($0, .infinity) }
  }

  /// Continues `checkpoint`, loaded from `source`.
  public init(
    resuming checkpoint: Checkpoint, source: String, request: TrainingRequest, output: URL, best: URL? = nil
  ) throws {
    func refuse(_ what: String, _ stored: String, _ asked: String) -> ValueError {
      ValueError(
        field: what, value: asked,
        requirement: "\(source) was trained with \(what) \(stored); a resumed run continues it unchanged")
    }
    guard var settings = checkpoint.training else {
      throw ValueError(
        field: "resume", value: source, requirement: "holds no training settings, so it cannot be resumed")
    }
    let c = checkpoint.configuration
    if let task = request.task, task.rawValue != checkpoint.taskName {
      throw refuse("task", checkpoint.taskName, task.rawValue)
    }
    var shifts = "none"
    var memoryInitialisation = "none"
    var fixes: (masking: Bool, deallocation: Bool, linkSharpness: Bool)?
    switch c {
    case .ntm(let c):
      shifts = "\(c.shifts.lowerBound):\(c.shifts.upperBound)"
      memoryInitialisation = "\(c.memoryInitialisation)"
    case .dnc(let c): fixes = (c.masking, c.deallocation, c.linkSharpness)
    }
    func fix(_ value: Bool?) -> String { value.map { "\($0)" } ?? "none" }
    let machine: [(String, String, String?)] = [
      ("machine", c.kind.rawValue, request.machine?.rawValue),
      ("controller", "\(c.controller)", request.controller.map { "\($0)" }),
      ("memory locations", "\(c.memoryLocations)", request.memoryLocations.map(String.init)),
      ("memory width", "\(c.memoryWidth)", request.memoryWidth.map(String.init)),
      ("read heads", "\(c.readHeads)", request.readHeads.map(String.init)),
      ("write heads", "\(c.writeHeads)", request.writeHeads.map(String.init)),
      ("shifts", shifts, request.shifts.map { "\($0.lowerBound):\($0.upperBound)" }),
      ("memory initialisation", memoryInitialisation, request.memoryInitialisation.map { "\($0)" }),
      ("masking", fix(fixes?.masking), request.masking.map { "\($0)" }),
      ("deallocation", fix(fixes?.deallocation), request.deallocation.map { "\($0)" }),
      ("link sharpness", fix(fixes?.linkSharpness), request.linkSharpness.map { "\($0)" }),
      ("optimizer", settings.optimizer.kind.rawValue, request.optimizer?.rawValue),
      ("seed", String(settings.seed), request.seed.map(String.init)),
    ]
    for (what, stored, asked) in machine {
      if let asked, asked != stored { throw refuse(what, stored, asked) }
    }
    let task = try makeTask(
      named: checkpoint.taskName, parameters: checkpoint.taskParameters.merging(request.taskParameters) { $1 }
    )
    guard task.inputWidth == c.inputWidth, task.outputWidth == c.outputWidth else {
      throw ValueError(
        field: "task parameters", value: Self.describe(request.taskParameters),
        requirement:
          "change \(task.name)'s input and output widths to \(task.inputWidth) and \(task.outputWidth); \(source)'s machine has \(c.inputWidth) and \(c.outputWidth)"
      )
    }
    var notes = Self.apply(request, to: &settings)
    if task.parameters != checkpoint.taskParameters {
      notes.append(
        "task parameters \(Self.describe(task.parameters)) replace the stored \(Self.describe(checkpoint.taskParameters))"
      )
    }
    try Self.prepare(c, task: task, settings: settings, output: output, best: best)
    trainer = Trainer(
      task: task, parameters: checkpoint.parameters, settings: settings,
      optimizerState: checkpoint.optimizerState,
      sequencesSeen: checkpoint.sequencesSeen, updates: checkpoint.updates)
    self.notes = notes
    secondsBefore = checkpoint.trainingSeconds
    updatesAtStart = checkpoint.updates
    lastValidation = checkpoint.validationCost
    self.output = output
    // The --best file of an earlier stage of this run holds the best model so far: only a better
    // validation cost replaces it.
    self.best = best.map { ($0, Self.validationBits(ofExisting: $0) ?? .infinity) }
  }

  /// A new machine's configuration: the defaults of the kind requested, with the request's
  /// fields. A field the machine does not have is refused rather than ignored.
  private static func configuration(_ request: TrainingRequest, task: any TaskGenerator) throws(ValueError)
    -> MachineConfiguration
  {
    let kind = request.machine ?? .ntm
    func refuse(_ field: String, _ value: String?) throws(ValueError) {
      guard let value else { return }
      throw ValueError(field: field, value: value, requirement: "is not a setting of the \(kind.title)")
    }
    func shaped<C: MachineShape>(_ configuration: C) -> C {
      var c = configuration
      if let controller = request.controller { c.controller = controller }
      if let n = request.memoryLocations { c.memoryLocations = n }
      if let m = request.memoryWidth { c.memoryWidth = m }
      if let heads = request.readHeads { c.readHeads = heads }
      return c
    }
    switch kind {
    case .ntm:
      var c = shaped(Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth))
      if let heads = request.writeHeads { c.writeHeads = heads }
      if let shifts = request.shifts { c.shifts = shifts }
      if let initialisation = request.memoryInitialisation { c.memoryInitialisation = initialisation }
      try refuse("masking", request.masking.map { "\($0)" })
      try refuse("deallocation", request.deallocation.map { "\($0)" })
      try refuse("link sharpness", request.linkSharpness.map { "\($0)" })
      return .ntm(c)
    case .dnc:
      var c = shaped(DNCConfiguration(inputWidth: task.inputWidth, outputWidth: task.outputWidth))
      if let masking = request.masking { c.masking = masking }
      if let deallocation = request.deallocation { c.deallocation = deallocation }
      if let sharpness = request.linkSharpness { c.linkSharpness = sharpness }
      if request.writeHeads != 1 { try refuse("write heads", request.writeHeads.map(String.init)) }
      try refuse("shifts", request.shifts.map { "\($0.lowerBound):\($0.upperBound)" })
      try refuse("memory initialisation", request.memoryInitialisation.map { "\($0)" })
      return .dnc(c)
    }
  }

  /// The settings a request may set on any run; returns what each replaced.
  private static func apply(_ request: TrainingRequest, to settings: inout TrainingSettings) -> [String] {
    var notes: [String] = []
    func set<T: Equatable>(_ value: T?, _ path: WritableKeyPath<TrainingSettings, T>, _ name: String) {
      guard let value, value != settings[keyPath: path] else { return }
      notes.append("\(name) \(value) replaces the stored \(settings[keyPath: path])")
      settings[keyPath: path] = value
    }
    set(request.learningRate, \.optimizer.learningRate, "learning rate")
    set(request.batchSize, \.batchSize, "batch size")
    set(request.threads, \.threads, "threads")
    set(request.clipValue, \.clipValueBound, "clip value")
    set(request.clipNorm, \.clipNormBound, "clip norm")
    set(request.clipRecurrent, \.clipRecurrentBound, "clip recurrent")
    return notes
  }

  /// Validates everything and checks the outputs before a run starts.
  private static func prepare(
    _ c: MachineConfiguration, task: any TaskGenerator, settings: TrainingSettings, output: URL, best: URL?
  ) throws {
    try settings.validate()
    try Footprint.checkTraining(c, task: task, settings: settings)
    for url in [output] + (best.map { [$0] } ?? []) {
      do throws(OutputFile.Failure) { try OutputFile.checkWritable(url) } catch {
        throw ValueError(field: "output", value: url.path, requirement: error.problem)
      }
    }
  }

  // MARK: During the run

  /// Seconds trained over all runs of this model.
  public var trainingSeconds: Double { secondsBefore + Date().timeIntervalSince(start) }

  /// The trainer's state as a checkpoint, with the last validation cost.
  public func checkpoint() -> Checkpoint {
    trainer.checkpoint(validation: lastValidation, trainingSeconds: trainingSeconds)
  }

  /// Writes the current state to `output`.
  public func save() throws { try checkpoint().write(to: output) }

  /// After a `TrainingError`: writes the last good state to `output` if this run improved on
  /// what it started from, and returns whether it did. A run whose first update failed leaves
  /// `output` as it was (a resumed checkpoint stays byte for byte what it was).
  public func saveAfterFailure() throws -> Bool {
    guard trainer.updates > updatesAtStart else { return false }
    try save()
    return true
  }

  /// Records a validation, and writes the best model when `cost` beats it. Returns whether it did.
  @discardableResult
  public func validated(_ cost: SequenceCost) throws -> Bool {
    lastValidation = cost
    guard let current = best, cost.bits < current.bits else { return false }
    try checkpoint().write(to: current.url)
    best = (current.url, cost.bits)
    return true
  }

  /// The validation cost stored in the checkpoint at `url`, if it exists and holds one.
  private static func validationBits(ofExisting url: URL) -> Double? {
    (try? Checkpoint.load(from: url))?.validationCost?.bits
  }

  private static func describe(_ parameters: [String: String]) -> String {
    parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
  }
}

extension TrainingSettings {
  /// `optimizer.clipValue` as a `ClipBound`.
  var clipValueBound: ClipBound {
    get { ClipBound(optimizer.clipValue) }
    set { optimizer.clipValue = newValue.value }
  }

  /// `optimizer.clipNorm` as a `ClipBound`.
  var clipNormBound: ClipBound {
    get { ClipBound(optimizer.clipNorm) }
    set { optimizer.clipNorm = newValue.value }
  }

  /// `optimizer.clipRecurrent` as a `ClipBound`.
  var clipRecurrentBound: ClipBound {
    get { ClipBound(optimizer.clipRecurrent) }
    set { optimizer.clipRecurrent = newValue.value }
  }
}

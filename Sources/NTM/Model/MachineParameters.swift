/// The learned numbers of either machine, chosen at run time: the one place that tells the
/// NTM from the DNC. Each call is handed to the machine it holds, so the trainer, evaluation
/// and checkpoints take either without asking which.
///
/// ```swift
/// var machine = MachineParameters<Float>(configuration: .ntm(configuration), seed: 1)
/// let records = machine.run(inputs: episode.inputs)   // [MachineRecord]: .ntm(StepRecord) each
/// ```
public enum MachineParameters<Scalar: NTMScalar>: MemoryMachine, Equatable {
  case ntm(Parameters<Scalar>)
  case dnc(DNCParameters<Scalar>)

  /// The state of the machine held, between timesteps.
  public enum State: Sendable, Equatable {
    case ntm(MachineState<Scalar>)
    case dnc(DNCState<Scalar>)
  }

  /// The NTM's parameters, or nil for a DNC: for the parts of the tool that show only the NTM
  /// so far (the figures).
  public var ntmParameters: Parameters<Scalar>? {
    if case .ntm(let p) = self { p } else { nil }
  }

  /// All zeros: the shape of a gradient.
  public init(zerosFor configuration: MachineConfiguration) {
    switch configuration {
    case .ntm(let c): self = .ntm(Parameters(zerosFor: c))
    case .dnc(let c): self = .dnc(DNCParameters(zerosFor: c))
    }
  }

  /// A fresh machine, initialised from a seed as each machine's own initialiser does.
  public init(configuration: MachineConfiguration, seed: UInt64) {
    switch configuration {
    case .ntm(let c): self = .ntm(Parameters(configuration: c, seed: seed))
    case .dnc(let c): self = .dnc(DNCParameters(configuration: c, seed: seed))
    }
  }

  public var machineConfiguration: MachineConfiguration {
    switch self {
    case .ntm(let p): .ntm(p.configuration)
    case .dnc(let p): .dnc(p.configuration)
    }
  }

  public var layout: ParameterLayout {
    switch self {
    case .ntm(let p): p.layout
    case .dnc(let p): p.layout
    }
  }

  // Assigning swaps the array held by the case, without copying its values.
  public var values: [Scalar] {
    get {
      switch self {
      case .ntm(let p): p.values
      case .dnc(let p): p.values
      }
    }
    set {
      switch self {
      case .ntm(var p):
        p.values = newValue
        self = .ntm(p)
      case .dnc(var p):
        p.values = newValue
        self = .dnc(p)
      }
    }
  }

  /// The same parameters in another precision (the gradient checks run in Double).
  public func converted<T: NTMScalar>(to: T.Type = T.self) -> MachineParameters<T> {
    switch self {
    case .ntm(let p): .ntm(p.converted())
    case .dnc(let p): .dnc(p.converted())
    }
  }

  public func initialState() -> State {
    switch self {
    case .ntm(let p): .ntm(p.initialState())
    case .dnc(let p): .dnc(p.initialState())
    }
  }

  public func step(from state: State, input: [Scalar]) -> (record: MachineRecord<Scalar>, next: State) {
    switch (self, state) {
    case (.ntm(let p), .ntm(let s)):
      let (record, next) = p.step(from: s, input: input)
      return (.ntm(record), .ntm(next))
    case (.dnc(let p), .dnc(let s)):
      let (record, next) = p.step(from: s, input: input)
      return (.dnc(record), .dnc(next))
    default: preconditionFailure("a \(machineConfiguration.kind.title) stepped from another machine's state")
    }
  }

  public func run(inputs: [[Scalar]]) -> [MachineRecord<Scalar>] {
    switch self {
    case .ntm(let p): p.run(inputs: inputs).map(MachineRecord.ntm)
    case .dnc(let p): p.run(inputs: inputs).map(MachineRecord.dnc)
    }
  }

  /// The sequence's gradient; `clipRecurrent` clips each head's weighting gradient as it is
  /// carried back a step (`OptimizerSettings.clipRecurrent`).
  public func backward(
    records: [MachineRecord<Scalar>], targets: [[Float]], scored: [Bool], clipRecurrent: Scalar?
  ) -> SequenceGradient<Scalar> {
    switch self {
    case .ntm(let p):
      p.backward(
        records: records.map(\.ntmRecord), targets: targets, scored: scored, clipRecurrent: clipRecurrent)
    case .dnc(let p):
      p.backward(
        records: records.map(\.dncRecord), targets: targets, scored: scored, clipRecurrent: clipRecurrent)
    }
  }
}

/// One timestep of either machine: the NTM's ``StepRecord`` or the DNC's ``DNCStepRecord``,
/// each holding every number its machine computed in the step.
public enum MachineRecord<Scalar: NTMScalar>: StepOutput, Equatable {
  case ntm(StepRecord<Scalar>)
  case dnc(DNCStepRecord<Scalar>)

  public var outputLogits: [Scalar] {
    switch self {
    case .ntm(let r): r.outputLogits
    case .dnc(let r): r.outputLogits
    }
  }

  public var output: [Scalar] {
    switch self {
    case .ntm(let r): r.output
    case .dnc(let r): r.output
    }
  }

  /// t, counting from 0.
  public var time: Int {
    switch self {
    case .ntm(let r): r.time
    case .dnc(let r): r.time
    }
  }

  /// The NTM's record, for the NTM's backward pass, which is never given the DNC's.
  fileprivate var ntmRecord: StepRecord<Scalar> {
    guard case .ntm(let record) = self else { preconditionFailure("an NTM given a DNC's step record") }
    return record
  }

  /// The DNC's record, for the DNC's backward pass, which is never given the NTM's.
  fileprivate var dncRecord: DNCStepRecord<Scalar> {
    guard case .dnc(let record) = self else { preconditionFailure("a DNC given an NTM's step record") }
    return record
  }
}

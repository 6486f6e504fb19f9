/// A memory-augmented machine as training, evaluation, gradient checks, traces and checkpoints
/// see it: its learned numbers in one flat vector that a `ParameterLayout` cuts into named
/// blocks (one checkpoint tensor each), an initial state, a step that returns everything it
/// computed, and the backward pass through a sequence of those records.
///
/// The NTM's ``Parameters`` and the DNC's ``DNCParameters`` conform. ``MachineParameters`` holds
/// either, chosen at run time (by `--machine` or by a checkpoint), and conforms by handing each
/// call to the machine it holds: the one place where the two are told apart. Code written
/// against this protocol, or taking `MachineParameters`, works on both.
///
/// ```swift
/// let machine = MachineParameters<Float>(configuration: .dnc(configuration), seed: 1)
/// let records = machine.run(inputs: episode.inputs)        // one record per step
/// let cost = SequenceCost(records: records, targets: episode.targets, scored: episode.scored)
/// ```
public protocol MemoryMachine<Scalar>: Sendable {
  /// The precision it computes in: `Float` for speed, `Double` for the gradient checks.
  associatedtype Scalar: NTMScalar
  /// Everything the machine carries from one timestep to the next; a value, so that a saved
  /// state can be assigned back to return to it exactly.
  associatedtype State: Sendable
  /// Every number one timestep computed.
  associatedtype Record: StepOutput<Scalar>

  /// The machine's kind and shape.
  var machineConfiguration: MachineConfiguration { get }
  /// Where each named block lies in ``values``.
  var layout: ParameterLayout { get }
  /// Every learned number, in layout order.
  var values: [Scalar] { get set }

  /// The state before the first step.
  func initialState() -> State
  /// One timestep from `state`: its record and the state after it.
  func step(from state: State, input: [Scalar]) -> (record: Record, next: State)
  /// A whole input sequence from the initial state.
  func run(inputs: [[Scalar]]) -> [Record]
  /// The gradient of the sequence's loss (binary cross-entropy in nats, summed over the scored
  /// steps) through the records its forward run kept; zero for the initial state's blocks when
  /// the configuration does not learn them. With `clipRecurrent`, each head's weighting
  /// gradient is clipped to ±it as it is carried back a step (`OptimizerSettings.clipRecurrent`).
  func backward(records: [Record], targets: [[Float]], scored: [Bool], clipRecurrent: Scalar?)
    -> SequenceGradient<Scalar>
}

extension MemoryMachine {
  public func run(inputs: [[Scalar]]) -> [Record] {
    var state = initialState()
    return inputs.map { input in
      let (record, next) = step(from: state, input: input)
      state = next
      return record
    }
  }

  /// The gradient, with no clipping on the way back.
  public func backward(records: [Record], targets: [[Float]], scored: [Bool]) -> SequenceGradient<Scalar> {
    backward(records: records, targets: targets, scored: scored, clipRecurrent: nil)
  }

  /// The number of learned values.
  public var parameterCount: Int { layout.count }
}

/// What every machine's step record holds at its end: the output layer's logits and the output.
public protocol StepOutput<Scalar>: Sendable {
  associatedtype Scalar: NTMScalar
  /// The output layer's values before the sigmoid.
  var outputLogits: [Scalar] { get }
  /// yₜ = σ(outputLogits).
  var output: [Scalar] { get }
}

extension StepRecord: StepOutput {}
extension DNCStepRecord: StepOutput {}

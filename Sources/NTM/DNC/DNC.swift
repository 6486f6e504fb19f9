/// A Differentiable Neural Computer (Graves et al. 2016, as docs/dnc.md computes it) that can be
/// stepped one timestep at a time.
///
/// ```swift
/// var dnc = DNC(parameters: DNCParameters<Float>(configuration: configuration, seed: 1))
/// let record = dnc.step(episode.inputs[0])   // every intermediate of step 0
/// record.allocationWeighting                 // where a write by allocation would go
/// ```
public struct DNC<Scalar: NTMScalar>: Sendable {
  public var parameters: DNCParameters<Scalar>
  /// The state after the last step; assign a saved state to return to it.
  public var state: DNCState<Scalar>

  public var configuration: DNCConfiguration { parameters.configuration }

  public init(parameters: DNCParameters<Scalar>) {
    self.parameters = parameters
    state = DNC.initialState(parameters)
  }

  /// Back to the initial state (the parameters are kept).
  public mutating func reset() { state = DNC.initialState(parameters) }

  /// One timestep from the current state.
  public mutating func step(_ input: [Scalar]) -> DNCStepRecord<Scalar> {
    let (record, next) = DNC.step(parameters, from: state, input: input)
    state = next
    return record
  }

  /// Runs a whole input sequence from the initial state.
  @_specialize(exported:true,where Scalar == Float)
  public static func run(_ parameters: DNCParameters<Scalar>, inputs: [[Scalar]]) -> [DNCStepRecord<Scalar>] {
    var state = initialState(parameters)
    return inputs.map { input in
      let (record, next) = step(parameters, from: state, input: input)
      state = next
      return record
    }
  }

  /// Nothing written, nothing read (docs/dnc.md): memory, usage, links, precedence, weightings and
  /// reads all zero; the LSTM's h₀ and c₀ from their parameters.
  public static func initialState(_ parameters: DNCParameters<Scalar>) -> DNCState<Scalar> {
    typealias Name = ParameterLayout.Name
    let c = parameters.configuration
    var hidden: [[Scalar]] = []
    var cell: [[Scalar]] = []
    if case .lstm(let layers, _) = c.controller {
      hidden = (0..<layers).map { parameters[Name.lstmInitialHidden($0)] }
      cell = (0..<layers).map { parameters[Name.lstmInitialCell($0)] }
    }
    return DNCState(
      locations: c.memoryLocations, width: c.memoryWidth, readHeads: c.readHeads,
      controller: ControllerState(hidden: hidden, cell: cell))
  }

  /// One timestep as a pure function of the parameters, a state and an input, in docs/dnc.md's order.
  @_specialize(exported:true,where Scalar == Float)
  public static func step(
    _ parameters: DNCParameters<Scalar>, from state: DNCState<Scalar>, input: [Scalar]
  ) -> (DNCStepRecord<Scalar>, DNCState<Scalar>) {
    var record = DNCStepRecord<Scalar>.empty
    var scratch = DNCStepScratch<Scalar>()
    step(parameters, from: state, input: input, into: &record, scratch: &scratch)
    var next = state
    next.advance(past: &record)
    return (record, next)
  }

  /// One timestep into `record`: the same computation as `step(_:from:input:)`, its vectors
  /// written into the buffers `record` and `scratch` already have when they can be reused. A
  /// trainer passes the record of the same step of its last sequence (`TrainingWorkspace`), so
  /// that a step allocates nothing; any record gives the same values.
  static func step(
    _ parameters: DNCParameters<Scalar>, from state: DNCState<Scalar>, input: [Scalar],
    into record: inout DNCStepRecord<Scalar>, scratch: inout DNCStepScratch<Scalar>
  ) {
    let c = parameters.configuration
    let o = parameters.offsets
    precondition(
      input.count == c.inputWidth, "input has \(input.count) values; the DNC takes \(c.inputWidth)")
    record.time = state.time
    record.input = input
    parameters.values.withUnsafeBufferPointer { buffer in
      let p = buffer.baseAddress!
      // 1. Controller on x̂ₜ = [xₜ; rₜ₋₁], then the interface vector ξₜ from hₜ.
      Kernels.concatenate(input, state.reads, into: &record.controller.input)
      ControllerNetwork.forward(
        o.controller, parameters: p, state: state.controller, into: &record.controller,
        preActivations: &scratch.preActivations)
      let h = record.controller.output
      record.interface.layout = o.interface
      h.withUnsafeBufferPointer { h in
        Kernels.affine(
          weight: p + o.interfaceWeight, bias: p + o.interfaceBias, input: h.baseAddress!,
          rows: o.interface.count, columns: h.count, into: &record.interface.raw)
      }
      o.interface.activate(record.interface.raw, into: &record.interface.activated)
      // 2–9. The memory access, from the interface cut by head.
      scratch.interface.set(from: record.interface, readHeads: c.readHeads)
      DNC.access(
        scratch.interface, from: state, deallocation: c.deallocation, into: &record.access,
        scratch: &scratch.access)
      // The output from [hₜ; rₜ], the heads read through a pointer (one taken out of its array
      // is a copy of all its vectors).
      record.access.readHeads.withUnsafeBufferPointer { heads in
        Kernels.concatenate(h, heads.count, { heads[$0].read }, into: &scratch.joined)
      }
      scratch.joined.withUnsafeBufferPointer { joined in
        Kernels.affine(
          weight: p + o.outputWeight, bias: p + o.outputBias, input: joined.baseAddress!, rows: c.outputWidth,
          columns: joined.count, into: &record.outputLogits)
      }
      record.outputLogits.withUnsafeBufferPointer {
        Scalar.apply(Scalar.formSigmoid, to: $0.baseAddress!, count: $0.count, into: &record.output)
      }
    }
  }
}

/// The DNC as a ``MemoryMachine``: its parameters step with ``DNC`` and learn with
/// `DNCBackpropagation`.
extension DNCParameters: MemoryMachine {
  public var machineConfiguration: MachineConfiguration { .dnc(configuration) }

  public func initialState() -> DNCState<Scalar> { DNC.initialState(self) }

  public func step(from state: DNCState<Scalar>, input: [Scalar]) -> (
    record: DNCStepRecord<Scalar>, next: DNCState<Scalar>
  ) {
    DNC.step(self, from: state, input: input)
  }

  public func run(inputs: [[Scalar]]) -> [DNCStepRecord<Scalar>] { DNC.run(self, inputs: inputs) }

  public func backward(
    records: [DNCStepRecord<Scalar>], targets: [[Float]], scored: [Bool], clipRecurrent: Scalar?
  ) -> SequenceGradient<Scalar> {
    DNCBackpropagation.gradient(
      self, records: records, targets: targets, scored: scored, clipRecurrent: clipRecurrent)
  }
}

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
    let c = parameters.configuration
    let o = parameters.offsets
    precondition(
      input.count == c.inputWidth, "input has \(input.count) values; the DNC takes \(c.inputWidth)")
    return parameters.values.withUnsafeBufferPointer { buffer in
      let p = buffer.baseAddress!
      // 1. Controller on x̂ₜ = [xₜ; rₜ₋₁], then the interface vector ξₜ from hₜ.
      let (controller, controllerState) = ControllerNetwork.forward(
        o.controller, parameters: p, input: Kernels.concatenated(input, state.reads), state: state.controller)
      let h = controller.output
      let xi = InterfaceVector(
        layout: o.interface,
        raw: Kernels.affine(
          weight: p + o.interfaceWeight, bias: p + o.interfaceBias, input: h, rows: o.interface.count,
          columns: h.count))
      let access = DNC.access(
        DNCInterface(xi, readHeads: c.readHeads), from: state, deallocation: c.deallocation)
      let reads = access.readHeads.map(\.read)
      let logits = Kernels.affine(
        weight: p + o.outputWeight, bias: p + o.outputBias, input: Kernels.concatenated(h, reads),
        rows: c.outputWidth, columns: h.count + reads.count * c.memoryWidth)
      let record = DNCStepRecord(
        time: state.time, input: input, controller: controller, interface: xi, access: access,
        outputLogits: logits, output: Scalar.sigmoid(each: logits))
      var next = access.advancing(state)
      next.controller = controllerState
      next.time = state.time + 1
      return (record, next)
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

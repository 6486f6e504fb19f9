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
    let n = c.memoryLocations
    var hidden: [[Scalar]] = []
    var cell: [[Scalar]] = []
    if case .lstm(let layers, _) = c.controller {
      hidden = (0..<layers).map { parameters[Name.lstmInitialHidden($0)] }
      cell = (0..<layers).map { parameters[Name.lstmInitialCell($0)] }
    }
    let zeros = [Scalar](repeating: 0, count: n)
    return DNCState(
      memory: Matrix(rows: n, columns: c.memoryWidth), usage: zeros, link: Matrix(rows: n, columns: n),
      precedence: zeros, writeWeighting: zeros, readWeightings: .init(repeating: zeros, count: c.readHeads),
      reads: .init(repeating: .init(repeating: 0, count: c.memoryWidth), count: c.readHeads),
      controller: ControllerState(hidden: hidden, cell: cell), time: 0)
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
      let heads = 0..<c.readHeads
      // 2–4. Retention, usage, free list, allocation.
      let retention = Allocation.retention(
        freeGates: heads.map { xi.value(.freeGate($0)) }, previousReadWeightings: state.readWeightings)
      let usage = Allocation.usage(
        previous: state.usage, previousWrite: state.writeWeighting, retention: retention)
      let freeList = Allocation.freeList(usage: usage)
      let allocation = Allocation.weighting(usage: usage, freeList: freeList)
      // 5. The write weighting: allocation or content (against Mₜ₋₁), gated.
      let writeContent = MaskedLookup.forward(
        state.memory, key: Array(xi[.writeKey]), keyStrength: xi.value(.writeKeyStrength),
        mask: xi.ifPresent(.writeMask))
      let (allocationGate, writeGate) = (xi.value(.allocationGate), xi.value(.writeGate))
      let writeWeighting = (0..<c.memoryLocations).map {
        writeGate * (allocationGate * allocation[$0] + (1 - allocationGate) * writeContent.weighting[$0])
      }
      // 6. Erase and write (after wiping what the read heads freed, with de-allocation).
      let memory = MemoryAccess.write(
        c.deallocation ? retained(state.memory, retention) : state.memory, weightings: [writeWeighting],
        erases: [Array(xi[.erase])], adds: [Array(xi[.add])])
      // 7. The link from pₜ₋₁, then the precedence; the link-following weightings in the same pass.
      let links = TemporalLink.forward(
        link: state.link, precedence: state.precedence, writeWeighting: writeWeighting,
        readWeightings: state.readWeightings)
      let precedence = TemporalLink.precedence(previous: state.precedence, writeWeighting: writeWeighting)
      // 8–9. Each read head: backward, content and forward, mixed by its read modes; then read.
      let readHeads = heads.map { i in
        var (forward, backward) = (links.forward[i], links.backward[i])
        if c.linkSharpness {
          forward = LinkSharpness.forward(forward, exponent: xi.value(.forwardSharpness(i)))
          backward = LinkSharpness.forward(backward, exponent: xi.value(.backwardSharpness(i)))
        }
        let content = MaskedLookup.forward(
          memory, key: Array(xi[.readKey(i)]), keyStrength: xi.value(.readKeyStrength(i)),
          mask: xi.ifPresent(.readMask(i)))
        let mode = Array(xi[.readMode(i)])
        let weighting = (0..<c.memoryLocations).map {
          mode[0] * backward[$0] + mode[1] * content.weighting[$0] + mode[2] * forward[$0]
        }
        return DNCReadRecord(
          previousWeighting: state.readWeightings[i], linkForward: links.forward[i],
          linkBackward: links.backward[i], forwardWeighting: forward, backwardWeighting: backward,
          content: content, weighting: weighting, read: MemoryAccess.read(memory, weighting: weighting))
      }
      let reads = readHeads.map(\.read)
      let logits = Kernels.affine(
        weight: p + o.outputWeight, bias: p + o.outputBias, input: Kernels.concatenated(h, reads),
        rows: c.outputWidth, columns: h.count + reads.count * c.memoryWidth)
      let record = DNCStepRecord(
        time: state.time, input: input, controller: controller, interface: xi, retention: retention,
        usage: usage, freeList: freeList, allocationWeighting: allocation,
        write: DNCWriteRecord(content: writeContent, weighting: writeWeighting),
        precedenceBefore: state.precedence, precedence: precedence, link: links.link, readHeads: readHeads,
        memoryBefore: state.memory, memory: memory, outputLogits: logits, output: Scalar.sigmoid(each: logits)
      )
      let next = DNCState(
        memory: memory, usage: usage, link: links.link, precedence: precedence,
        writeWeighting: writeWeighting,
        readWeightings: readHeads.map(\.weighting), reads: reads, controller: controllerState,
        time: state.time + 1)
      return (record, next)
    }
  }

  /// Mₜ₋₁ ∘ ψₜ 1ᵀ: every row multiplied by its retention (de-allocation).
  static func retained(_ memory: Matrix<Scalar>, _ retention: [Scalar]) -> Matrix<Scalar> {
    memory.scaled { i, _ in retention[i] }
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

  public func backward(records: [DNCStepRecord<Scalar>], targets: [[Float]], scored: [Bool])
    -> SequenceGradient<Scalar>
  {
    DNCBackpropagation.gradient(self, records: records, targets: targets, scored: scored)
  }
}

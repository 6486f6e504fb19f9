/// A Neural Turing Machine that can be stepped one timestep at a time.
///
/// ```swift
/// var machine = Machine(parameters: Parameters<Float>(configuration: configuration, seed: 1))
/// let record = machine.step(episode.inputs[0])   // every intermediate of step 0
/// let saved = machine.state                       // …step on, then go back exactly:
/// machine.state = saved
/// ```
public struct Machine<Scalar: NTMScalar>: Sendable {
  /// The learned numbers the machine runs with.
  public var parameters: Parameters<Scalar>
  /// The state after the last step; assign a saved state to return to it.
  public var state: MachineState<Scalar>

  /// The machine's shape.
  public var configuration: Configuration { parameters.configuration }

  /// A machine in its initial state (see ``initialState(_:)``).
  public init(parameters: Parameters<Scalar>) {
    self.parameters = parameters
    state = Machine.initialState(parameters)
  }

  /// Back to the initial state (the parameters are kept).
  public mutating func reset() { state = Machine.initialState(parameters) }

  /// One timestep from the current state.
  // Exported for Float: callers in other modules (the visualiser) then run code specialised
  // for Float rather than the generic form, which is two orders of magnitude slower here.
  @_specialize(exported:true,where Scalar == Float)
  public mutating func step(_ input: [Scalar]) -> StepRecord<Scalar> {
    let (record, next) = Machine.step(parameters, from: state, input: input)
    state = next
    return record
  }

  /// Runs a whole input sequence from the initial state.
  @_specialize(exported:true,where Scalar == Float)
  public static func run(_ parameters: Parameters<Scalar>, inputs: [[Scalar]]) -> [StepRecord<Scalar>] {
    var state = initialState(parameters)
    return inputs.map { input in
      let (record, next) = step(parameters, from: state, input: input)
      state = next
      return record
    }
  }

  /// M₀ constant or from its parameters (``Configuration/memoryInitialisation``), w₀ = softmax of
  /// the learned logits, r₀, h₀ and c₀ from their parameters.
  public static func initialState(_ parameters: Parameters<Scalar>) -> MachineState<Scalar> {
    typealias Name = ParameterLayout.Name
    let c = parameters.configuration
    var hidden: [[Scalar]] = []
    var cell: [[Scalar]] = []
    if case .lstm(let layers, _) = c.controller {
      hidden = (0..<layers).map { parameters[Name.lstmInitialHidden($0)] }
      cell = (0..<layers).map { parameters[Name.lstmInitialCell($0)] }
    }
    let memory =
      switch c.memoryInitialisation {
      case .constant(let value):
        Matrix(rows: c.memoryLocations, columns: c.memoryWidth, repeating: Scalar(value))
      case .learned:
        Matrix(rows: c.memoryLocations, columns: c.memoryWidth, values: parameters[Name.initialMemory])
      }
    return MachineState(
      memory: memory,
      weightings: HeadID.all(c).map { Activation.softmax(parameters[Name.initialWeighting($0)]) },
      reads: (0..<c.readHeads).map { parameters[Name.initialRead($0)] },
      controller: ControllerState(hidden: hidden, cell: cell),
      time: 0)
  }

  /// One timestep as a pure function of the parameters, a state and an input.
  ///
  /// Not exported as a Float specialisation itself (the instance `step(_:)` and `run` are): with
  /// the attribute here as well, release builds stopped emitting this specialisation while still
  /// calling it, and failed to link (Swift 6.3.1). Callers inside the module specialise it.
  public static func step(
    _ parameters: Parameters<Scalar>, from state: MachineState<Scalar>, input: [Scalar]
  ) -> (StepRecord<Scalar>, MachineState<Scalar>) {
    var record = StepRecord<Scalar>.empty
    var scratch = StepScratch<Scalar>()
    step(parameters, from: state, input: input, into: &record, scratch: &scratch)
    var next = state
    next.advance(past: record)
    return (record, next)
  }

  /// One timestep into `record`: the same computation as `step(_:from:input:)`, its vectors
  /// written into the buffers `record` and `scratch` already have when they can be reused. A
  /// trainer passes the record of the same step of its last sequence (`TrainingWorkspace`), so
  /// that a step allocates nothing; any record gives the same values.
  static func step(
    _ parameters: Parameters<Scalar>, from state: MachineState<Scalar>, input: [Scalar],
    into record: inout StepRecord<Scalar>, scratch: inout StepScratch<Scalar>
  ) {
    let c = parameters.configuration
    let layout = parameters.layout
    precondition(
      input.count == c.inputWidth, "input has \(input.count) values; the machine takes \(c.inputWidth)")
    record.time = state.time
    record.input = input
    record.memoryBefore = state.memory
    record.prepareHeads(writeHeads: c.writeHeads, readHeads: c.readHeads)
    parameters.values.withUnsafeBufferPointer { buffer in
      let p = buffer.baseAddress!
      // 1. Controller on x̂ₜ = [xₜ; rₜ₋₁].
      Kernels.concatenate(input, state.reads, into: &record.controller.input)
      ControllerNetwork.forward(
        ControllerPlacement(c, layout), parameters: p, state: state.controller, into: &record.controller,
        preActivations: &scratch.preActivations)
      let h = record.controller.output
      // 2. Each head's parameters from hₜ, activated block by block as its layout says, then
      // addressed (write heads against Mₜ₋₁, read heads against Mₜ).
      func address(_ head: inout HeadRecord<Scalar>, previous: [Scalar], memory: Matrix<Scalar>) {
        let headLayout = layout.dense.headLayout(head.id)
        h.withUnsafeBufferPointer { h in
          Kernels.affine(
            weight: p + layout.dense.headWeight(head.id), bias: p + layout.dense.headBias(head.id),
            input: h.baseAddress!, rows: headLayout.count, columns: h.count, into: &head.raw)
        }
        headLayout.activate(head.raw, into: &scratch.activated)
        head.addressing.previous = previous
        headLayout.setAddressing(of: &head.addressing, from: scratch.activated)
        Addressing.address(&head.addressing, memory: memory, shifts: c.shifts)
      }
      // 3. Write heads address Mₜ₋₁, then all erase, then all add.
      for i in 0..<c.writeHeads {
        address(&record.writeHeads[i], previous: state.weightings[i], memory: state.memory)
        let headLayout = layout.dense.headLayout(.write(i))
        record.writeHeads[i].setWriting(
          erase: scratch.activated[headLayout.range(of: .erase)],
          add: scratch.activated[headLayout.range(of: .add)])
      }
      // Heads read through a pointer: one taken out of its array is a copy of all its vectors.
      let writeHeads = record.writeHeads
      writeHeads.withUnsafeBufferPointer { writeHeads in
        MemoryAccess.write(
          state.memory, heads: c.writeHeads, weighting: { writeHeads[$0].addressing.weighting },
          erase: { writeHeads[$0].writing!.erase }, add: { writeHeads[$0].writing!.add },
          into: &record.memoryAfter)
      }
      // 4. Read heads address Mₜ and read.
      for i in 0..<c.readHeads {
        address(
          &record.readHeads[i], previous: state.weightings[c.writeHeads + i], memory: record.memoryAfter)
        record.readHeads[i].read(record.memoryAfter)
      }
      // 5. Output from [hₜ; rₜ].
      record.readHeads.withUnsafeBufferPointer { readHeads in
        Kernels.concatenate(h, c.readHeads, { readHeads[$0].readVector }, into: &scratch.joined)
      }
      scratch.joined.withUnsafeBufferPointer { joined in
        Kernels.affine(
          weight: p + layout.dense.outputWeight, bias: p + layout.dense.outputBias,
          input: joined.baseAddress!,
          rows: c.outputWidth, columns: joined.count, into: &record.outputLogits)
      }
      record.outputLogits.withUnsafeBufferPointer {
        Scalar.apply(Scalar.formSigmoid, to: $0.baseAddress!, count: $0.count, into: &record.output)
      }
    }
  }
}

/// The NTM as a ``MemoryMachine``: its parameters step with ``Machine`` and learn with
/// `Backpropagation`.
extension Parameters: MemoryMachine {
  public var machineConfiguration: MachineConfiguration { .ntm(configuration) }

  public func initialState() -> MachineState<Scalar> { Machine.initialState(self) }

  public func step(from state: MachineState<Scalar>, input: [Scalar]) -> (
    record: StepRecord<Scalar>, next: MachineState<Scalar>
  ) {
    Machine.step(self, from: state, input: input)
  }

  public func run(inputs: [[Scalar]]) -> [StepRecord<Scalar>] { Machine.run(self, inputs: inputs) }

  public func backward(
    records: [StepRecord<Scalar>], targets: [[Float]], scored: [Bool], clipRecurrent: Scalar?
  ) -> SequenceGradient<Scalar> {
    Backpropagation.gradient(
      self, records: records, targets: targets, scored: scored, clipRecurrent: clipRecurrent)
  }
}

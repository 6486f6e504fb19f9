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

  /// M₀ constant, w₀ = softmax of the learned logits, r₀, h₀ and c₀ from their parameters.
  public static func initialState(_ parameters: Parameters<Scalar>) -> MachineState<Scalar> {
    typealias Name = ParameterLayout.Name
    let c = parameters.configuration
    var hidden: [[Scalar]] = []
    var cell: [[Scalar]] = []
    if case .lstm(let layers, _) = c.controller {
      hidden = (0..<layers).map { parameters[Name.lstmInitialHidden($0)] }
      cell = (0..<layers).map { parameters[Name.lstmInitialCell($0)] }
    }
    return MachineState(
      memory: Matrix(
        rows: c.memoryLocations, columns: c.memoryWidth, repeating: Scalar(c.memoryInitialValue)),
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
    let c = parameters.configuration
    let layout = parameters.layout
    precondition(
      input.count == c.inputWidth, "input has \(input.count) values; the machine takes \(c.inputWidth)")
    return parameters.values.withUnsafeBufferPointer { buffer in
      let p = buffer.baseAddress!
      // 1. Controller on x̂ₜ = [xₜ; rₜ₋₁].
      let (controller, controllerState) = ControllerNetwork.forward(
        c, parameters: p, layout: layout, input: Kernels.concatenated(input, state.reads),
        state: state.controller)
      let h = controller.output
      // 2. Each head's parameters from hₜ, activated block by block as its layout says.
      func emit(_ head: HeadID) -> (raw: [Scalar], activated: [Scalar], layout: InterfaceLayout<NTMHeadField>)
      {
        let headLayout = layout.dense.headLayout(head)
        let raw = Kernels.affine(
          weight: p + layout.dense.headWeight(head), bias: p + layout.dense.headBias(head), input: h,
          rows: headLayout.count, columns: h.count)
        return (raw, headLayout.activate(raw), headLayout)
      }
      // 3. Write heads address Mₜ₋₁, then all erase, then all add.
      let writeHeads = (0..<c.writeHeads).map { i in
        let (raw, activated, headLayout) = emit(.write(i))
        let addressing = Addressing.address(
          headLayout.addressing(activated), previous: state.weightings[i], memory: state.memory,
          shifts: c.shifts)
        return HeadRecord(
          id: .write(i), raw: raw, addressing: addressing,
          access: .write(
            erase: Array(activated[headLayout.range(of: .erase)]),
            add: Array(activated[headLayout.range(of: .add)])))
      }
      // Closures rather than key paths: in generic code the runtime builds a key path into a
      // tuple at every call, demangling its type (14% of training time when it did here).
      let writing = writeHeads.compactMap { $0.writing }
      let memory = MemoryAccess.write(
        state.memory, weightings: writeHeads.map { $0.weighting }, erases: writing.map { $0.erase },
        adds: writing.map { $0.add })
      // 4. Read heads address Mₜ and read.
      var reads: [[Scalar]] = []
      let readHeads = (0..<c.readHeads).map { i in
        let (raw, activated, headLayout) = emit(.read(i))
        let addressing = Addressing.address(
          headLayout.addressing(activated), previous: state.weightings[c.writeHeads + i], memory: memory,
          shifts: c.shifts)
        reads.append(MemoryAccess.read(memory, weighting: addressing.weighting))
        return HeadRecord(id: .read(i), raw: raw, addressing: addressing, access: .read(reads[i]))
      }
      // 5. Output from [hₜ; rₜ].
      let logits = Kernels.affine(
        weight: p + layout.dense.outputWeight, bias: p + layout.dense.outputBias,
        input: Kernels.concatenated(h, reads),
        rows: c.outputWidth, columns: h.count + reads.count * c.memoryWidth)
      let record = StepRecord(
        time: state.time, input: input, controller: controller, writeHeads: writeHeads,
        readHeads: readHeads, memoryBefore: state.memory, memoryAfter: memory, outputLogits: logits,
        output: Scalar.sigmoid(each: logits))
      let next = MachineState(
        memory: memory, weightings: (writeHeads + readHeads).map { $0.weighting }, reads: reads,
        controller: controllerState, time: state.time + 1)
      return (record, next)
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

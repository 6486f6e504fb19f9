/// What a run will allocate, estimated from its shape before anything is allocated, and checked
/// against `Limits.runBytes` (memory) and `Limits.traceBytes` (a trace file).
///
/// The estimates count the numbers that a step record and the state after it hold (every
/// addressing stage of every head, memory before and after the step, the controller's gates) at
/// 4 bytes each, plus an allowance per array; the step count comes from the task
/// (`TaskGenerator.maximumSteps(size:)`). They are meant to be near upper bounds, so that a run that
/// passes the check fits; all arithmetic is overflow-checked.
///
/// ```swift
/// try Footprint.checkRun(configuration, steps: 201, field: "--length", value: "100")
/// ```
public enum Footprint {
  /// Bytes allowed for each array's header and allocation.
  static let arrayOverhead = 48

  /// Bytes of one step record and of the machine state after it.
  public static func stepBytes(_ c: MachineConfiguration) -> Int? {
    switch c {
    case .ntm(let c): stepBytes(c)
    case .dnc(let c): stepBytes(c)
    }
  }

  /// The NTM's step.
  static func stepBytes(_ c: Configuration) -> Int? {
    typealias C = Checked
    let (n, m, s) = (c.memoryLocations, c.memoryWidth, c.shiftCount)
    let heads = C.sum(c.readHeads, c.writeHeads)
    let controller = controllerStep(c.controller, input: C.sum(c.inputWidth, C.product(c.readHeads, m)))
    let arrays = C.sum(C.product(heads, 14), 8, controller.arrays)
    // Per head: raw output, the addressing stages and their caches (10 vectors of N), key, shift
    // weighting; a write head's erase and add, a read head's read vector.
    let head = C.sum(C.product(10, n), C.product(2, m), C.product(2, s), 6)
    let numbers = C.sum(
      c.inputWidth, controller.numbers,
      C.product(heads, head), C.product(c.writeHeads, 4, m), C.product(c.readHeads, 2, m),
      C.product(2, n, m),  // memory before and after
      C.product(heads, n),  // the state's weightings
      C.product(2, c.outputWidth))
    return C.sum(C.product(numbers, 4), C.product(arrays, arrayOverhead))
  }

  /// The DNC's step: the controller as the NTM's; the interface vector raw and activated; the
  /// link matrix (N², in the record and the state); memory before and after; about a dozen
  /// vectors of N for usage, allocation, the write and the precedence; per read head about ten
  /// vectors of N, its key, mask and read vector.
  static func stepBytes(_ c: DNCConfiguration) -> Int? {
    typealias C = Checked
    let (n, w, r) = (c.memoryLocations, c.memoryWidth, c.readHeads)
    let controller = controllerStep(c.controller, input: C.sum(c.inputWidth, C.product(r, w)))
    let arrays = C.sum(C.product(r, 12), 30, controller.arrays)
    let numbers = C.sum(
      c.inputWidth, controller.numbers, C.product(2, c.interfaceLayout.count),
      C.product(2, n, n), C.product(4, n, w), C.product(14, n),
      C.product(r, C.sum(C.product(12, n), C.product(4, w))), C.product(2, c.outputWidth))
    return C.sum(C.product(numbers, 4), C.product(arrays, arrayOverhead))
  }

  /// The numbers and arrays a step's controller record and state hold, either machine's. Each LSTM
  /// layer keeps its input, four gates, the previous and new cell, tanh of the cell and the
  /// hidden state; the state after the step keeps h and c.
  private static func controllerStep(_ controller: Configuration.Controller, input: Int?) -> (
    numbers: Int?, arrays: Int?
  ) {
    typealias C = Checked
    let h = controller.outputSize
    switch controller {
    case .lstm(let layers, _):
      return (C.sum(input, C.product(layers - 1, h), C.product(layers, 10, h)), C.product(layers, 11))
    case .feedforward:
      return (C.sum(input, C.product(2, h)), 3)
    }
  }

  /// Bytes of one episode of `steps` timesteps: inputs, targets and flags.
  public static func episodeBytes(_ c: MachineConfiguration, steps: Int) -> Int? {
    let perStep = Checked.sum(
      Checked.product(Checked.sum(c.inputWidth, c.outputWidth), 4), 2 * arrayOverhead + 2)
    return Checked.product(steps, perStep)
  }

  /// Characters of one trace line: every number of a step record (as `Trace.step` writes it) at
  /// about 12 characters each ("-0.12345678,").
  public static func traceLineBytes(_ c: MachineConfiguration) -> Int? {
    switch c {
    case .ntm(let c): traceLineBytes(c)
    // A DNC line holds no more than its step record.
    case .dnc(let c): Checked.sum(Checked.product(stepBytes(c), 3), 1_000)
    }
  }

  static func traceLineBytes(_ c: Configuration) -> Int? {
    typealias C = Checked
    let (n, m, s) = (c.memoryLocations, c.memoryWidth, c.shiftCount)
    let heads = C.sum(c.readHeads, c.writeHeads)
    var layers = 1
    if case .lstm(let count, _) = c.controller { layers = count }
    let numbers = C.sum(
      c.inputWidth, C.product(2, c.outputWidth),
      C.sum(c.inputWidth, C.product(c.readHeads, m), C.product(2, layers, c.controller.outputSize)),
      C.product(heads, C.sum(C.product(7, n), m, s, 3)), C.product(c.writeHeads, 2, m),
      C.product(c.readHeads, 2, m), C.product(2, n, m))
    return C.sum(C.product(numbers, 12), 1_000)
  }

  // MARK: Checks

  /// A run of `steps` timesteps that keeps every step's record (the viewer, a trace).
  /// `field` and `value` name what the person chose, e.g. "--length", "100000".
  public static func checkRun(
    _ c: MachineConfiguration, steps: Int, field: String, value: String
  ) throws(ValueError) {
    let bytes = Checked.sum(Checked.product(steps, stepBytes(c)), episodeBytes(c, steps: steps))
    try require(
      bytes, Limits.runBytes, field: field, value: value,
      what: "a run of \(steps) steps with memory \(c.memoryLocations)x\(c.memoryWidth) needs")
  }

  /// A trace of `steps` timesteps: the file's size.
  public static func checkTrace(
    _ c: MachineConfiguration, steps: Int, field: String, value: String
  ) throws(ValueError) {
    let bytes = Checked.product(steps, traceLineBytes(c))
    try require(
      bytes, Limits.traceBytes, field: field, value: value,
      what: "a trace of \(steps) steps with memory \(c.memoryLocations)x\(c.memoryWidth) takes")
  }

  /// Training: each worker thread's records for backpropagation through its sequence, each
  /// sequence's gradient until the batch is summed, the episodes, the validation set, and the
  /// parameters with the optimiser's state.
  public static func checkTraining(
    _ c: MachineConfiguration, task: any TaskGenerator, settings: TrainingSettings
  ) throws(ValueError) {
    typealias C = Checked
    let steps = task.maximumSteps(size: task.trainingSizes.upperBound)
    let parameterBytes = C.product(c.checkedParameterCount, 4)
    let episode = episodeBytes(c, steps: steps)
    let bytes = C.sum(
      C.product(min(settings.threads, settings.batchSize), 2, steps, stepBytes(c)),
      C.product(settings.batchSize, C.sum(parameterBytes, episode)),
      C.product(settings.validationSequences, episode),
      C.product(8, parameterBytes))
    try require(
      bytes, Limits.runBytes, field: "batch size", value: String(settings.batchSize),
      what:
        "training \(task.name) (episodes of up to \(steps) steps) on \(settings.threads) threads with memory \(c.memoryLocations)x\(c.memoryWidth) needs"
    )
  }

  /// One row of an evaluation table: its episodes of up to `steps` timesteps, and each thread's
  /// records.
  public static func checkEvaluation(
    _ c: MachineConfiguration, steps: Int, sequences: Int, threads: Int, field: String, value: String
  ) throws(ValueError) {
    let bytes = Checked.sum(
      Checked.product(sequences, episodeBytes(c, steps: steps)),
      Checked.product(min(threads, sequences), steps, stepBytes(c)))
    try require(
      bytes, Limits.runBytes, field: field, value: value,
      what: "evaluating \(sequences) sequences of up to \(steps) steps needs")
  }

  private static func require(
    _ bytes: Int?, _ limit: Int, field: String, value: String, what: String
  ) throws(ValueError) {
    guard let bytes, bytes <= limit else {
      throw ValueError(
        field: field, value: value,
        requirement:
          "\(what) about \(Limits.describe(bytes: bytes)); the limit is \(Limits.describe(bytes: limit))")
    }
  }
}

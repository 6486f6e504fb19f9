import Testing

@testable import NTM

/// The optimisers against hand-computed updates, gradient clipping, the trainer's determinism
/// and failure behaviour, a short training run that must learn, and the two costs.
@Suite("Training")
struct TrainingTests {
  // MARK: Optimisers

  static let start: [Float] = [1, -2, 0.5]
  static let firstGradient: [Float] = [0.1, -0.2, 4]
  static let secondGradient: [Float] = [0.1, 0.2, -4]

  /// Tolerance 1e-6 absolute: the values are near 1 in Float (ulp 1.2e-7 … 2.4e-7) and each
  /// update rounds a handful of times; ε = 1e-8 changes Adam's steps by about 3e-8.
  static func expectClose(_ actual: [Float], _ expected: [Double], _ label: String) {
    for i in actual.indices {
      #expect(abs(Double(actual[i]) - expected[i]) <= 1e-6, "\(label)[\(i)]: \(actual[i]) vs \(expected[i])")
    }
  }

  /// Adam (β₁ 0.9, β₂ 0.999, lr 0.01), by hand.
  /// Step 1: m = 0.1 g, v = 0.001 g², m̂ = g, v̂ = g², so every parameter moves by lr · sign(g).
  /// Step 2, component 0 (g = 0.1 twice): a constant gradient again moves by lr.
  ///   Component 1 (g = −0.2, then 0.2): m = 0.9 (−0.02) + 0.02 = 0.002, m̂ = 0.002 / 0.19 = 1/95;
  ///   v = 0.999 · 4e-5 + 4e-5 = 7.996e-5, v̂ = 7.996e-5 / 0.001999 = 0.04; step = lr (1/95) / 0.2
  ///   = lr / 19, downhill of the positive m̂.
  ///   Component 2 (g = 4, then −4): m = 0.36 − 0.4 = −0.04, m̂ = −4/19; v̂ = 0.031984 / 0.001999
  ///   = 16; step = lr (−4/19) / 4 = −lr / 19, so the parameter rises by lr / 19.
  @Test("one and two Adam steps match the hand computation")
  func adam() {
    var settings = OptimizerSettings(kind: .adam)
    settings.learningRate = 0.01
    settings.clipValue = nil
    var p = Self.start
    var state = OptimizerState(count: 3)
    var g = Self.firstGradient
    Optimizer.update(&p, gradient: &g, state: &state, settings: settings)
    let lr = 0.01
    Self.expectClose(p, [1 - lr, -2 + lr, 0.5 - lr], "after step 1")
    #expect(state.step == 1)
    g = Self.secondGradient
    Optimizer.update(&p, gradient: &g, state: &state, settings: settings)
    Self.expectClose(p, [1 - 2 * lr, -2 + lr - lr / 19, 0.5 - lr + lr / 19], "after step 2")
    #expect(state.step == 2)
  }

  /// Graves (2013), eq. 38–41, centred RMSProp with momentum (decay 0.95, momentum 0.9, ε 1e-4
  /// inside the square root, lr 0.01):
  ///   n = 0.95 n + 0.05 g², ḡ = 0.95 ḡ + 0.05 g, Δ = 0.9 Δ − lr g / √(n − ḡ² + ε), θ += Δ.
  /// Step 1: n − ḡ² = 0.0475 g². Component 1 (g = −0.2): 0.0019 + 1e-4 = 0.002, so
  /// Δ = 0.002 / √0.002 = √0.002 = 0.0447214. Component 0: Δ = −0.001 / √5.75e-4 = −0.0417029;
  /// component 2: Δ = −0.04 / √0.7601 = −0.0458801.
  /// Step 2 (values from the same equations, worked in Python in double precision):
  ///   θ = [0.8888196757, −1.9466531817, 0.4448533867].
  @Test("one and two centred RMSProp steps match the hand computation")
  func rmsprop() {
    var settings = OptimizerSettings(kind: .rmsprop)
    #expect(settings.decay == 0.95 && settings.momentum == 0.9 && settings.epsilon == 1e-4)
    settings.learningRate = 0.01
    settings.clipValue = nil
    var p = Self.start
    var state = OptimizerState(count: 3)
    var g = Self.firstGradient
    Optimizer.update(&p, gradient: &g, state: &state, settings: settings)
    Self.expectClose(
      p, [1 - 0.041_702_882_811_414_94, -2 + 0.044_721_359_549_995_78, 0.5 - 0.045_880_128_443_893_36],
      "after step 1")
    g = Self.secondGradient
    Optimizer.update(&p, gradient: &g, state: &state, settings: settings)
    Self.expectClose(
      p, [0.888_819_675_742_617_7, -1.946_653_181_714_785_4, 0.444_853_386_717_620_04], "after step 2")
  }

  /// Exact: clamping to ±0.15 yields the Float literal 0.15 itself, and the other components
  /// pass through untouched.
  @Test("clipping by value clamps each component; the norm returned is before clipping")
  func clipByValue() {
    var settings = OptimizerSettings(kind: .adam)
    settings.learningRate = 0
    settings.clipValue = 0.15
    var p = Self.start
    var state = OptimizerState(count: 3)
    var g = Self.firstGradient
    let norm = Optimizer.update(&p, gradient: &g, state: &state, settings: settings)
    #expect(g == [0.1, -0.15, 0.15])
    // ‖[0.1, −0.2, 4]‖ = √16.05, with the Float inputs (tolerance 1e-6 relative).
    let expectedNorm = (0.1 * 0.1 + 0.2 * 0.2 + 16.0).squareRoot()
    #expect(abs(norm - expectedNorm) <= 1e-6 * expectedNorm)
    #expect(p == Self.start)
  }

  @Test("clipping by norm rescales the whole gradient, and only when it is too long")
  func clipByNorm() {
    var settings = OptimizerSettings(kind: .adam)
    settings.learningRate = 0
    settings.clipValue = nil
    settings.clipNorm = 1
    var p: [Float] = [0, 0, 0]
    var state = OptimizerState(count: 3)
    var g: [Float] = [3, 4, 0]
    let norm = Optimizer.update(&p, gradient: &g, state: &state, settings: settings)
    #expect(norm == 5)
    // Tolerance 1e-7: 0.6 and 0.8 are not exact in Float.
    #expect(abs(g[0] - 0.6) <= 1e-7 && abs(g[1] - 0.8) <= 1e-7 && g[2] == 0)
    var short: [Float] = [0.3, -0.4, 0]
    Optimizer.update(&p, gradient: &short, state: &state, settings: settings)
    #expect(short == [0.3, -0.4, 0])
    // Both: the norm first (to [0.6, 0.8, 0]), then each component to ±0.7.
    settings.clipValue = 0.7
    var both: [Float] = [3, 4, 0]
    Optimizer.update(&p, gradient: &both, state: &state, settings: settings)
    #expect(abs(both[0] - 0.6) <= 1e-7 && both[1] == 0.7 && both[2] == 0)
  }

  // MARK: Trainer

  /// Copy with 2-bit vectors of length 1…3; lstm:8, memory 8 × 4.
  static let task = try! CopyTask(vectorWidth: 2, minLength: 1, maxLength: 3)

  static func configuration(controllerSize: Int = 8) -> Configuration {
    var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    c.memoryLocations = 8
    c.memoryWidth = 4
    c.controller = .lstm(layers: 1, size: controllerSize)
    return c
  }

  static func trainer(threads: Int, seed: UInt64 = 5, batchSize: Int = 4) -> Trainer {
    var settings = TrainingSettings()
    settings.seed = seed
    settings.batchSize = batchSize
    settings.threads = threads
    settings.validationSequences = 8
    return Trainer(
      task: task, parameters: .ntm(Parameters(configuration: configuration(), seed: seed)), settings: settings
    )
  }

  @Test("the trainer gives bit-identical parameters with 1 or 2 threads")
  func threadCountDoesNotMatter() throws {
    let one = Self.trainer(threads: 1)
    let two = Self.trainer(threads: 2)
    var reports: [(BatchReport, BatchReport)] = []
    for _ in 0..<3 { reports.append((try one.trainBatch(), try two.trainBatch())) }
    #expect(one.parameters.values.map(\.bitPattern) == two.parameters.values.map(\.bitPattern))
    #expect(one.optimizerState == two.optimizerState)
    for (a, b) in reports {
      #expect(a.cost == b.cost)
      #expect(a.gradientNorm == b.gradientNorm)
    }
    #expect(one.updates == 3 && one.sequencesSeen == 12)
    // The updates did change the parameters, and another seed trains differently.
    #expect(one.parameters != .ntm(Parameters(configuration: Self.configuration(), seed: 5)))
    let other = Self.trainer(threads: 2, seed: 6)
    for _ in 0..<3 { try other.trainBatch() }
    #expect(other.parameters.values != one.parameters.values)
  }

  @Test("a NaN parameter makes trainBatch throw, naming the update and the block, and change nothing")
  func nanIsRefused() throws {
    var parameters = Parameters<Float>(configuration: Self.configuration(), seed: 5)
    let block = parameters.layout.block(named: "write0.bias")!
    parameters.values[block.offset + 2] = .nan
    var settings = TrainingSettings()
    settings.batchSize = 2
    settings.threads = 1
    let trainer = Trainer(task: Self.task, parameters: .ntm(parameters), settings: settings, updates: 5)
    let before = trainer.parameters.values.map(\.bitPattern)
    let stateBefore = trainer.optimizerState
    let error = #expect(throws: TrainingError.self) { try trainer.trainBatch() }
    let message = error?.description ?? ""
    #expect(message.contains("update 6"), "\(message)")
    #expect(message.contains("write0.bias"), "\(message)")
    #expect(trainer.parameters.values.map(\.bitPattern) == before)
    #expect(trainer.optimizerState == stateBefore)
    #expect(trainer.updates == 5 && trainer.sequencesSeen == 0)
  }

  /// A short run must learn. Untrained, the outputs are near 0.5 and each target bit costs about
  /// 1 bit; no output can beat 1 bit per fair-coin target bit without reading memory or the
  /// controller's state, so falling to 70 % of the start shows the machine is storing the input.
  @Test("a short training run lowers the validation cost")
  func trainingLearns() throws {
    var settings = TrainingSettings()
    settings.seed = 3
    settings.batchSize = 8
    settings.threads = 2
    settings.validationSequences = 64
    settings.optimizer = OptimizerSettings(kind: .adam)
    settings.optimizer.learningRate = 1e-2
    let trainer = Trainer(
      task: Self.task,
      parameters: .ntm(Parameters(configuration: Self.configuration(controllerSize: 16), seed: 3)),
      settings: settings)
    let before = trainer.validate()
    for _ in 0..<150 { try trainer.trainBatch() }
    let after = trainer.validate()
    #expect(after.bits < 0.7 * before.bits, "validation bits \(before.bits) → \(after.bits)")
    #expect(after.bitErrors < before.bitErrors, "bit errors \(before.bitErrors) → \(after.bitErrors)")
  }

  // MARK: Costs

  /// A run's output logits replaced by hand-chosen values:
  ///   step 0 (unscored): logits [5, −5], target [0, 1] — wrong, but not counted;
  ///   step 1: logits [2, −1], target [1, 1] → rounds to [1, 0]: one error;
  ///   step 2: logits [0.5, 3], target [0, 1] → rounds to [1, 1]: one error.
  /// BCE in nats: log(1 + e⁻²) + log(1 + e¹) + log(1 + e^0.5) + log(1 + e⁻³) = 2.46285…,
  /// in bits 3.5531473017 (tolerance 1e-9, Double).
  @Test("SequenceCost counts bits and bit errors on the scored steps only")
  func sequenceCostByHand() throws {
    var c = Configuration(inputWidth: 3, outputWidth: 2)
    c.memoryLocations = 4
    c.memoryWidth = 2
    c.controller = .lstm(layers: 1, size: 3)
    var records = Machine.run(
      Parameters<Double>(configuration: c, seed: 1), inputs: [[0, 0, 0], [0, 0, 0], [0, 0, 0]])
    records[0].outputLogits = [5, -5]
    records[1].outputLogits = [2, -1]
    records[2].outputLogits = [0.5, 3]
    let cost = SequenceCost(
      records: records, targets: [[0, 1], [1, 1], [0, 1]], scored: [false, true, true])
    #expect(cost.bitErrors == 2)
    #expect(abs(cost.bits - 3.553_147_301_739_691_5) <= 1e-9)
    let all = SequenceCost(
      records: records, targets: [[0, 1], [1, 1], [0, 1]], scored: [true, true, true])
    #expect(all.bitErrors == 4)
  }
}

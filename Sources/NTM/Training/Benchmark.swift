import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The figures `ntm bench` prints. Measured, never asserted: speed is checked by reading these.
public enum Benchmark {
  /// Training speed at one batch size and thread count.
  public struct Throughput: Sendable {
    /// Sequences per update.
    public var batchSize: Int
    /// Worker threads.
    public var threads: Int
    /// Training sequences per second, forward and backward passes and updates included.
    public var sequencesPerSecond: Double
    /// Billions of floating-point operations per second in the dense products, counted from their
    /// sizes.
    public var gigaflops: Double
    /// Sequences per second of processor time summed over all threads: unlike the wall-clock
    /// figure, hardly affected by other programs competing for the cores, so the better one for
    /// comparing two builds on a busy machine. It leaves out idle waiting, so it does not show
    /// how well a batch spreads over the cores.
    public var sequencesPerCPUSecond: Double
    /// Where the measured time went.
    public var phases: TrainingPhases
  }

  /// Training throughput on the copy task (lengths 1–20) for a batch size and thread count,
  /// measured over about `seconds` after one warm-up batch.
  public static func trainingThroughput(
    configuration: MachineConfiguration, task: any TaskGenerator, batchSize: Int, threads: Int,
    seconds: Double
  ) throws -> Throughput {
    var settings = TrainingSettings()
    settings.batchSize = batchSize
    settings.threads = threads
    let trainer = Trainer(
      task: task, parameters: MachineParameters(configuration: configuration, seed: 1), settings: settings)
    try trainer.trainBatch()
    let phasesBefore = trainer.phases
    var steps = 0
    let start = Date()
    let cpuStart = processorSeconds()
    var sequences = 0
    while Date().timeIntervalSince(start) < seconds {
      for i in 0..<batchSize { steps += trainer.trainingEpisode(trainer.sequencesSeen + i).length }
      try trainer.trainBatch()
      sequences += batchSize
    }
    let elapsed = Date().timeIntervalSince(start)
    let cpu = processorSeconds() - cpuStart
    let flops = Double(steps) * trainingFlopsPerStep(configuration)
    return Throughput(
      batchSize: batchSize, threads: threads, sequencesPerSecond: Double(sequences) / elapsed,
      gigaflops: flops / elapsed / 1e9, sequencesPerCPUSecond: Double(sequences) / cpu,
      phases: trainer.phases.subtracting(phasesBefore))
  }

  /// One training run from scratch to a validation cost.
  public struct TrainingRun: Sendable {
    public var seed: UInt64
    /// Wall-clock seconds from making the machine to the validation that reached the target,
    /// or to the time limit.
    public var seconds: Double
    public var sequences: Int
    public var reached: Bool
    /// Where the time went.
    public var phases: TrainingPhases
  }

  /// Time to a trained model: for each seed, a run of `task` with the configuration and
  /// `settings` (the defaults of `ntm train` unless given) until validation bit errors per
  /// sequence fall below `bitErrors`, or `limit` seconds pass.
  public static func timeToTrained(
    _ configuration: MachineConfiguration, task: any TaskGenerator, seeds: [UInt64], bitErrors: Double = 0.01,
    limit: Double = 60,
    settings: TrainingSettings = TrainingSettings(), validateEvery: Int? = nil
  ) throws -> [TrainingRun] {
    try seeds.map { seed in
      let start = Date()
      var settings = settings
      settings.seed = seed
      let trainer = Trainer(
        task: task, parameters: MachineParameters(configuration: configuration, seed: seed),
        settings: settings)
      let loop = TrainingLoop(
        trainer: trainer, conditions: StopConditions(maxSeconds: limit, untilBitErrors: bitErrors),
        validateEvery: validateEvery)
      let reason = try loop.run(
        interrupted: { false }, progress: { _ in }, validated: { _ in }, checkpoint: { _ in })
      return TrainingRun(
        seed: seed, seconds: Date().timeIntervalSince(start), sequences: trainer.sequencesSeen,
        reached: reason == .reachedCost, phases: trainer.phases)
    }
  }

  /// Processor time used by the whole process so far, all threads.
  static func processorSeconds() -> Double { clockSeconds(CLOCK_PROCESS_CPUTIME_ID) }

  /// Processor time used by the calling thread so far.
  static func threadProcessorSeconds() -> Double { clockSeconds(CLOCK_THREAD_CPUTIME_ID) }

  private static func clockSeconds(_ clock: clockid_t) -> Double {
    var t = timespec()
    clock_gettime(clock, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }

  /// Seconds per forward step of a machine, averaged over `steps` steps of random input.
  /// Measured as processor time of the calling thread, so that other programs competing for the
  /// core do not inflate it.
  public static func forwardStepSeconds(_ machine: MachineParameters<Float>, steps: Int) -> Double {
    var rng = SeededGenerator(seed: 1)
    let inputs = (0..<64).map { _ in
      (0..<machine.machineConfiguration.inputWidth).map { _ in rng.bernoulli(0.5) ? Float(1) : 0 }
    }
    var state = machine.step(from: machine.initialState(), input: inputs[0]).next
    let start = threadProcessorSeconds()
    for t in 0..<steps { state = machine.step(from: state, input: inputs[t % inputs.count]).next }
    return (threadProcessorSeconds() - start) / Double(steps)
  }

  /// Floating-point operations of one forward step, counted analytically: the dense layers
  /// (2 per multiply–add) and the memory-sized work of addressing, writing and reading
  /// (similarity 3NM per head, the other stages a few N each, erase and add 4NM per write
  /// head, read 2NM per read head). Transcendental functions count as one.
  ///
  /// For the DNC: the write and read lookups 3NW each, the link update 4N² and each read head's
  /// forward and backward weightings 4N², allocation (its sort) N log₂ N, erase and write 4NW,
  /// each read 2NW.
  public static func forwardFlopsPerStep(_ c: MachineConfiguration) -> Double {
    var dense = 0.0
    for block in c.parameterLayout.blocks
    where block.shape.count == 2 && !ParameterLayout.isInitialState(block.name) {
      dense += 2 * Double(block.count)
    }
    switch c {
    case .ntm(let c): return dense + memoryFlopsPerStep(c)
    case .dnc(let c):
      let (n, w, r) = (Double(c.memoryLocations), Double(c.memoryWidth), Double(c.readHeads))
      let lookups = (1 + r) * 3 * n * w
      let links = 4 * n * n + r * 4 * n * n
      return dense + lookups + links + n * max(1, log2(n)) + 4 * n * w + r * 2 * n * w
    }
  }

  /// The NTM's addressing, writing and reading.
  private static func memoryFlopsPerStep(_ c: Configuration) -> Double {
    let n = Double(c.memoryLocations)
    let m = Double(c.memoryWidth)
    let heads = Double(c.readHeads + c.writeHeads)
    let addressing = heads * (3 * n * m + n * (6 + 2 * Double(c.shiftCount) + 4))
    let memory = Double(c.writeHeads) * 4 * n * m + Double(c.readHeads) * 2 * n * m
    return addressing + memory
  }

  /// Forward plus backward: the backward pass of a dense layer costs twice its forward (the
  /// weight gradient and the input gradient), and so, roughly, does the rest.
  public static func trainingFlopsPerStep(_ c: MachineConfiguration) -> Double {
    3 * forwardFlopsPerStep(c)
  }
}

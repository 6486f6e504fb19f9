import ArgumentParser
import Foundation
import NTM

struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure training throughput, step time and GFLOP/s; print the figures.",
    discussion: """
      Prints the time of one forward step (processor time of one thread), training throughput at \
      batch 1 on one core and at each batch size on all cores, then the best. GFLOP/s are \
      floating-point operations counted analytically (see Benchmark.swift) per second. Sequences \
      per second are wall-clock figures, which other programs competing for the cores lower; \
      "per CPU-second" divides by the processor time all threads used instead, which they hardly \
      affect: compare two builds by it, in runs made back to back.
      """)

  enum Part: String, ExpressibleByArgument, CaseIterable {
    case step, gradient, single, sort, batches, trained
  }

  @Option(help: "The machine to measure, at the copy task's default configuration: ntm or dnc.")
  var machine: MachineKind = .ntm

  @Option(parsing: .unconditional, help: "Seconds per measurement.") var seconds: Double = 3
  @Option(
    parsing: .upToNextOption,
    help: "Batch sizes to measure on all cores.")
  var batchSizes: [Int] = [8, 16, 32, 64]
  @Option(parsing: .unconditional, help: "Worker threads for the batch measurements (default: all cores).")
  var threads: Int?
  @Option(
    parsing: .upToNextOption,
    help: "Measure only these parts: \(Part.allCases.map(\.rawValue).joined(separator: ", ")).")
  var only: [Part] = Part.allCases
  @Flag(help: "Also measure one step plus one full render of the visualiser.") var render = false

  func validate() throws {
    guard seconds.isFinite, (0.01...3600).contains(seconds) else {
      throw ValueError(
        field: "--seconds", value: String(seconds), requirement: "must be between 0.01 and 3600")
    }
    guard !batchSizes.isEmpty else {
      throw ValueError(
        field: "--batch-sizes", value: "", requirement: "needs at least one batch size")
    }
    for batch in batchSizes { try Limits.check(batch, in: Limits.batchSize, "--batch-sizes") }
    if let threads { try Limits.check(threads, in: Limits.threads, "--threads") }
  }

  func run() throws {
    let task = try makeTask(named: "copy")
    let c = Self.configuration(machine, task: task)
    let cores = threads ?? ProcessInfo.processInfo.activeProcessorCount
    try Console.line("copy task, lengths 1–20, \(c.summary)")
    if only.contains(.step) {
      let step = Benchmark.forwardStepSeconds(
        MachineParameters(configuration: c, seed: 1), steps: max(2_000, Int(seconds * 20_000)))
      try Console.line(
        String(
          format: "forward step:                 %8.1f µs  (%.2f GFLOP/s of processor time)", step * 1e6,
          Benchmark.forwardFlopsPerStep(c) / step / 1e9))
    }
    if only.contains(.gradient) { try measureGradient(task: task) }
    var single: Benchmark.Throughput?
    if only.contains(.single) {
      let t = try Benchmark.trainingThroughput(
        configuration: c, task: task, batchSize: 1, threads: 1, seconds: seconds)
      try Console.line(
        String(
          format: "training, batch 1, 1 core:    %8.0f sequences/s  (%.2f GFLOP/s; %.0f per CPU-second)",
          t.sequencesPerSecond, t.gigaflops, t.sequencesPerCPUSecond))
      try Console.line("  by phase: " + Self.describe(t.phases))
      single = t
    }
    if only.contains(.sort) { try measureSortingMachine() }
    if only.contains(.batches) { try measureBatches(c, task: task, cores: cores, single: single) }
    if only.contains(.trained) { try measureTimeToTrained(c, task: task) }
    if render { try RenderBenchmark.run() }
  }

  /// Training throughput of the paper's priority-sort machine (a feedforward controller of 512
  /// units, 8 read and 8 write heads, memory 128 × 20), batch 1 on one core: the configuration
  /// with the most heads, where addressing and the heads' layers weigh most.
  private func measureSortingMachine() throws {
    let task = try makeTask(named: "priority-sort")
    var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    c.controller = .feedforward(size: 512, activation: .tanh)
    (c.readHeads, c.writeHeads) = (8, 8)
    let t = try Benchmark.trainingThroughput(
      configuration: .ntm(c), task: task, batchSize: 1, threads: 1, seconds: seconds)
    try Console.line(
      String(
        format:
          "priority sort, feedforward:512, 8 + 8 heads, batch 1, 1 core: %.0f sequences/s (%.2f GFLOP/s; %.0f per CPU-second)",
        t.sequencesPerSecond, t.gigaflops, t.sequencesPerCPUSecond))
    try Console.line("  by phase: " + Self.describe(t.phases))
  }

  /// Time to a trained copy model with `ntm train`'s defaults, for seeds 1–5.
  private func measureTimeToTrained(_ c: MachineConfiguration, task: any TaskGenerator) throws {
    let settings = TrainingSettings()
    try Console.line(
      "time to a trained copy model (validation bit errors < 0.01; \(settings.optimizer.kind.rawValue) lr \(settings.optimizer.learningRate), batch \(settings.batchSize), \(settings.threads) threads), seeds 1–5:"
    )
    let runs = try Benchmark.timeToTrained(c, task: task, seeds: Array(1...5))
    for run in runs {
      try Console.line(
        String(
          format: "  seed %d: %5.1f s, %6d sequences%@", run.seed, run.seconds, run.sequences,
          run.reached ? "" : " (not reached)"))
    }
    let seconds = runs.map(\.seconds).sorted()
    try Console.line(
      String(
        format: "  median %.1f s (%.1f–%.1f s); by phase: %@", seconds[seconds.count / 2], seconds[0],
        seconds[seconds.count - 1],
        Self.describe(runs.reduce(TrainingPhases()) { $0.adding($1.phases) })))
  }

  /// The copy task's configuration of `machine`: the library's defaults (the NTM's memory
  /// 128 × 20; the DNC's 32 × 16, one read head), LSTM 100.
  static func configuration(_ machine: MachineKind, task: any TaskGenerator, locations: Int? = nil)
    -> MachineConfiguration
  {
    switch machine {
    case .ntm:
      var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
      if let locations { c.memoryLocations = locations }
      return .ntm(c)
    case .dnc:
      var c = DNCConfiguration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
      if let locations { c.memoryLocations = locations }
      return .dnc(c)
    }
  }

  /// Processor time per timestep of one sequence's gradient (forward and backward, no update) on
  /// one core, as N grows, against the NTM's at the same N; for the DNC, the link matrix's share.
  private func measureGradient(task: any TaskGenerator) throws {
    let sequences = max(4, Int(seconds * 8))
    try Console.line("gradient per timestep, 1 core (\(sequences) sequences each):")
    for n in [16, 32, 64, 128] {
      func time(_ kind: MachineKind) -> Benchmark.GradientStepTime {
        switch Self.configuration(kind, task: task, locations: n) {
        case .ntm(let c):
          Benchmark.gradientStepTime(Parameters(configuration: c, seed: 1), task: task, sequences: sequences)
        case .dnc(let c):
          Benchmark.gradientStepTime(
            DNCParameters(configuration: c, seed: 1), task: task, sequences: sequences)
        }
      }
      let ntm = time(.ntm)
      var line = String(format: "  N = %3d: NTM %7.1f µs", n, ntm.seconds * 1e6)
      if machine == .dnc {
        let dnc = time(.dnc)
        line += String(
          format: ", DNC %7.1f µs (%.2f× the NTM; link matrix %.0f%%)", dnc.seconds * 1e6,
          dnc.seconds / ntm.seconds, 100 * (dnc.linkSeconds ?? 0) / dnc.seconds)
      }
      try Console.line(line)
    }
  }

  /// Each phase's share of the time, e.g. "forward 38%, backward 45%, …".
  static func describe(_ phases: TrainingPhases) -> String {
    TrainingPhases.Phase.allCases.filter { phases[$0] > 0 }.map {
      String(format: "%@ %.0f%%", $0.rawValue, 100 * phases[$0] / phases.total)
    }.joined(separator: ", ")
  }

  private func measureBatches(
    _ c: MachineConfiguration, task: any TaskGenerator, cores: Int, single: Benchmark.Throughput?
  ) throws {
    var best: Benchmark.Throughput?
    for batch in batchSizes {
      let t = try Benchmark.trainingThroughput(
        configuration: c, task: task, batchSize: batch, threads: cores, seconds: seconds)
      try Console.line(
        String(
          format: "training, batch %2d, %d cores:  %8.0f sequences/s  (%.2f GFLOP/s; %.0f per CPU-second)",
          batch,
          cores, t.sequencesPerSecond, t.gigaflops, t.sequencesPerCPUSecond))
      if t.sequencesPerSecond > best?.sequencesPerSecond ?? 0 { best = t }
    }
    if let best {
      var line = String(
        format: "best: batch %d on %d cores, %.0f sequences/s (%.2f GFLOP/s)", best.batchSize, cores,
        best.sequencesPerSecond, best.gigaflops)
      if let single {
        line += String(
          format: " = %.2f× batch 1 on 1 core", best.sequencesPerSecond / single.sequencesPerSecond)
      }
      try Console.line(line)
    }
  }
}

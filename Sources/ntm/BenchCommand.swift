import ArgumentParser
import Foundation
import NTM

struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Measure training throughput, step time and GFLOP/s; print the figures.")

  @Option(help: "Seconds per measurement.") var seconds: Double = 3
  @Flag(help: "Also measure one step plus one full render of the visualiser.") var render = false

  func run() throws {
    let task = try makeTask(named: "copy")
    let c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    let cores = ProcessInfo.processInfo.activeProcessorCount
    print(
      "copy task, lengths 1–20, \(c.controller), memory \(c.memoryLocations)x\(c.memoryWidth), 1 read / 1 write head"
    )
    let step = Benchmark.forwardStepSeconds(Parameters(configuration: c, seed: 1), steps: 2_000)
    print(
      String(
        format: "forward step:                 %8.1f µs  (%.2f GFLOP/s)", step * 1e6,
        Benchmark.forwardFlopsPerStep(c) / step / 1e9))
    let single = try Benchmark.trainingThroughput(
      configuration: c, task: task, batchSize: 1, threads: 1, seconds: seconds)
    print(
      String(
        format: "training, batch 1, 1 core:    %8.0f sequences/s  (%.2f GFLOP/s)", single.sequencesPerSecond,
        single.gigaflops))
    var best: Benchmark.Throughput?
    for batch in [16, 32, 64] {
      let t = try Benchmark.trainingThroughput(
        configuration: c, task: task, batchSize: batch, threads: cores, seconds: seconds)
      print(
        String(
          format: "training, batch %2d, %d cores:  %8.0f sequences/s  (%.2f GFLOP/s)", batch, cores,
          t.sequencesPerSecond, t.gigaflops))
      if t.sequencesPerSecond > best?.sequencesPerSecond ?? 0 { best = t }
    }
    if let best {
      print(
        String(
          format: "best: batch %d on %d cores, %.0f sequences/s = %.2f× batch 1 on 1 core", best.batchSize,
          cores, best.sequencesPerSecond, best.sequencesPerSecond / single.sequencesPerSecond))
    }
    if render { try RenderBenchmark.run() }
  }
}

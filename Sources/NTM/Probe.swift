import Foundation
public enum Probe {
  public static func run() {
    let c = Configuration(inputWidth: 9, outputWidth: 8)
    let p = Parameters<Float>(configuration: c, seed: 1)
    var rng = SeededGenerator(seed: 1)
    let L = 10
    let inputs = (0..<(2*L+1)).map { _ in (0..<9).map { _ in rng.bernoulli(0.5) ? Float(1) : 0 } }
    let targets = (0..<(2*L+1)).map { _ in (0..<8).map { _ in rng.bernoulli(0.5) ? Float(1) : 0 } }
    let scored = (0..<(2*L+1)).map { $0 > L }
    var g = [Float](repeating: 0, count: p.values.count)
    let start = Date()
    var fwd = 0.0
    for _ in 0..<200 {
      let t0 = Date()
      let records = Machine.run(p, inputs: inputs)
      fwd += Date().timeIntervalSince(t0)
      g.withUnsafeMutableBufferPointer { Backpropagation.accumulateGradient(p, records: records, targets: targets, scored: scored, into: $0.baseAddress!) }
    }
    let total = Date().timeIntervalSince(start)
    print("per sequence (21 steps): \(total/200*1000) ms, forward \(fwd/200*1000) ms; seq/s one core \(200/total)")
  }
}

import Foundation

extension DynamicNGramsTask {
  /// Each bit with the context it leaves for the next one, and the Bayes-optimal estimator's
  /// P(next bit = 1) and running cost beside it.
  public func reading(of episode: Episode) -> EpisodeReading {
    let bits = episode.inputs.map { $0[0] >= 0.5 }
    let optimal = optimalPredictions(for: episode)
    var steps: [StepReading] = []
    var context = 0
    var cost = 0.0
    for t in 0..<episode.length {
      context = ((context << 1) | (bits[t] ? 1 : 0)) & (contextCount - 1)
      let p = Double(optimal[t])
      if episode.scored[t] { cost -= episode.targets[t][0] >= 0.5 ? log2(p) : log2(1 - p) }
      let digits = (0..<(order - 1)).reversed().map { (context >> $0) & 1 == 1 ? "1" : "0" }.joined()
      steps.append(
        StepReading(
          mark: bits[t] ? "1" : "0", text: "bit \(bits[t] ? 1 : 0) · context \(digits) (newest right)",
          reference: ReferencePrediction(name: "optimal", output: [optimal[t]], bitsSoFar: cost)))
    }
    let total = (cost * 10).rounded() / 10
    return EpisodeReading(
      steps: steps,
      summary:
        "\(episode.length) bits from a fresh \(order)-gram table; the optimal estimator costs \(total) bits")
  }
}

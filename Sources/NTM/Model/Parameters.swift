/// Every learned number of a machine, in one flat vector described by a `ParameterLayout`.
public struct Parameters<Scalar: NTMScalar>: Sendable, Equatable {
  public let configuration: Configuration
  public let layout: ParameterLayout
  public var values: [Scalar]

  /// All zeros: the shape of a gradient.
  public init(zerosFor configuration: Configuration) {
    self.configuration = configuration
    layout = ParameterLayout(configuration)
    values = [Scalar](repeating: 0, count: layout.count)
  }

  /// Values given in layout order; the count must match the configuration's layout.
  public init(configuration: Configuration, values: [Scalar]) throws(ConfigurationError) {
    self.init(zerosFor: configuration)
    guard values.count == layout.count else {
      throw ConfigurationError(
        "parameter vector has \(values.count) values; the configuration needs \(layout.count)")
    }
    self.values = values
  }

  /// Deterministic initialisation from a seed with the project's own generator, so the same
  /// seed gives the same machine everywhere.
  ///
  /// Weights are uniform in ±1/√fan-in (the usual default for tanh and sigmoid units); biases
  /// are zero except the LSTM forget gates, which start at 1 so that the cell state is kept by
  /// default. Each head's initial weighting is stored as logits of a softmax, started focused
  /// on location 0 (weight 0.99 there) so that location-based addressing has a place to move
  /// from; r₀, h₀ and c₀ start at zero.
  public init(configuration: Configuration, seed: UInt64) {
    self.init(zerosFor: configuration)
    var rng = SeededGenerator(seed: seed)
    for block in layout.blocks where block.shape.count == 2 {
      let bound = 1 / Double(block.shape[1]).squareRoot()
      for i in block.range { values[i] = Scalar((rng.uniform() * 2 - 1) * bound) }
    }
    if case .lstm(let layers, let size) = configuration.controller {
      for l in 0..<layers {
        let bias = layout.offset(ParameterLayout.Name.lstmBias(l))
        for i in size..<(2 * size) { values[bias + i] = 1 }
      }
    }
    for head in HeadID.all(configuration) {
      values[layout.offset(ParameterLayout.Name.initialWeighting(head))] = 10
    }
  }

  /// The same parameters in another precision (the gradient checks run in Double).
  public func converted<T: NTMScalar>(to: T.Type = T.self) -> Parameters<T> {
    var result = Parameters<T>(zerosFor: configuration)
    result.values = values.map { T($0) }
    return result
  }

  /// One block's values, copied out.
  public subscript(name: String) -> [Scalar] {
    guard let block = layout.block(named: name) else { return [] }
    return Array(values[block.range])
  }
}

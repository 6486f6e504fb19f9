/// Every learned number of a machine, in one flat vector described by a `ParameterLayout`.
public struct Parameters<Scalar: NTMScalar>: Sendable, Equatable {
  /// The shape these parameters are for.
  public let configuration: Configuration
  /// Where each named block lies in ``values``.
  public let layout: ParameterLayout
  /// Every parameter, in layout order.
  public var values: [Scalar]

  /// All zeros: the shape of a gradient.
  public init(zerosFor configuration: Configuration) {
    self.configuration = configuration
    layout = ParameterLayout(configuration)
    values = [Scalar](repeating: 0, count: layout.count)
  }

  /// Values given in layout order; the count must match the configuration's layout.
  public init(configuration: Configuration, values: [Scalar]) throws(ValueError) {
    self.init(zerosFor: configuration)
    guard values.count == layout.count else {
      throw ValueError(
        field: "parameter vector", value: "of \(values.count) values",
        requirement: "the configuration needs \(layout.count)")
    }
    self.values = values
  }

  /// Deterministic initialisation from a seed with the project's own generator, so the same
  /// seed gives the same machine everywhere.
  ///
  /// The dense layers as `ParameterLayout.seededValues` starts them. Each head's initial
  /// weighting is stored as logits of a softmax, started focused on location 0 (weight 0.99
  /// there) so that location-based addressing has a place to move from; r₀, h₀ and c₀ start at
  /// zero. A learned M₀ starts uniform in ±`initialMemoryScale`, drawn from a stream of its
  /// own (`initialMemoryStream`) so that it changes no other parameter's draw: the same seed
  /// gives the same dense layers with or without it.
  public init(configuration: Configuration, seed: UInt64) {
    self.init(zerosFor: configuration)
    values = layout.seededValues(seed: seed, controller: configuration.controller)
    for head in HeadID.all(configuration) {
      values[layout.offset(ParameterLayout.Name.initialWeighting(head))] = 10
    }
    if let memory = layout.block(named: ParameterLayout.Name.initialMemory) {
      var rng = SeededGenerator(seed: seed, stream: Self.initialMemoryStream)
      for i in memory.range { values[i] = Scalar((rng.uniform() * 2 - 1) * Self.initialMemoryScale) }
    }
  }

  /// The stream of the parameter seed that a learned M₀ is drawn from ("M0" in ASCII).
  static var initialMemoryStream: UInt64 { 0x4D30 }

  /// The bound of a learned M₀'s first values. Small against what a write adds (|a| < 1), so
  /// that the first reads of an empty memory are near zero, as with the constant 1e-6 that
  /// trains best (Collier & Beel); random, so that the rows point in different directions, which
  /// is all that content addressing compares (cosine similarity does not see the scale). With
  /// ±1/√M (about 0.22 at M = 20) priority sort trained markedly slower at first (51.6 wrong
  /// bits per sequence at 10,000 sequences against the constant memory's 36.1).
  static var initialMemoryScale: Double { 0.01 }

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

extension ParameterLayout {
  /// A fresh machine's values from a seed, for any machine whose dense layers are this layout's
  /// blocks of two dimensions: weights uniform in ±1/√fan-in (the usual default for tanh and
  /// sigmoid units), drawn block after block in layout order (a learned M₀, also of two
  /// dimensions, is no dense layer and is not drawn here); everything else zero except the
  /// LSTM forget-gate biases, which start at 1 so that the cell state is kept by default.
  func seededValues<S: NTMScalar>(seed: UInt64, controller: Configuration.Controller) -> [S] {
    var values = [S](repeating: 0, count: count)
    var rng = SeededGenerator(seed: seed)
    for block in blocks where block.shape.count == 2 && !Self.isInitialState(block.name) {
      let bound = 1 / Double(block.shape[1]).squareRoot()
      for i in block.range { values[i] = S((rng.uniform() * 2 - 1) * bound) }
    }
    if case .lstm(let layers, let size) = controller {
      for l in 0..<layers {
        let bias = offset(ParameterLayout.Name.lstmBias(l))
        for i in size..<(2 * size) { values[bias + i] = 1 }
      }
    }
    return values
  }
}

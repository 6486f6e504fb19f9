/// Every learned number of a DNC, in one flat vector described by a `ParameterLayout`: the
/// controller (named as the NTM's), the interface layer that emits ξₜ from hₜ, the output layer
/// that reads [hₜ; rₜ], and the LSTM's h₀ and c₀.
public struct DNCParameters<Scalar: NTMScalar>: Sendable, Equatable {
  public let configuration: DNCConfiguration
  public let layout: ParameterLayout
  public var values: [Scalar]
  /// Where the dense layers sit, found once (a lookup by name per timestep costs).
  let offsets: DNCOffsets

  /// All zeros: the shape of a gradient.
  public init(zerosFor configuration: DNCConfiguration) {
    self.configuration = configuration
    let interface = configuration.interfaceLayout
    layout = ParameterLayout(blocks: Self.blocks(configuration, interface: interface))
    offsets = DNCOffsets(configuration, layout, interface: interface)
    values = [Scalar](repeating: 0, count: layout.count)
  }

  /// The parameter blocks, in layout order: the controller, the interface layer, the output
  /// layer, h₀ and c₀.
  static func blocks(_ c: DNCConfiguration, interface: InterfaceLayout<DNCInterfaceField>) -> [(
    name: String, shape: [Int]
  )] {
    typealias Name = ParameterLayout.Name
    let hidden = c.controller.outputSize
    return ParameterLayout.controllerBlocks(c.controller, inputWidth: c.controllerInputWidth) + [
      (Name.interfaceWeight, [interface.count, hidden]), (Name.interfaceBias, [interface.count]),
      (Name.outputWeight, [c.outputWidth, hidden + c.readHeads * c.memoryWidth]),
      (Name.outputBias, [c.outputWidth]),
    ] + ParameterLayout.controllerInitialStateBlocks(c.controller)
  }

  /// Values given in layout order; the count must match the configuration's layout.
  public init(configuration: DNCConfiguration, values: [Scalar]) throws(ConfigurationError) {
    self.init(zerosFor: configuration)
    guard values.count == layout.count else {
      throw ConfigurationError(
        "parameter vector has \(values.count) values; the DNC configuration needs \(layout.count)")
    }
    self.values = values
  }

  /// Deterministic initialisation from a seed, as `ParameterLayout.seededValues` starts any
  /// machine's dense layers; the interface and output biases and h₀, c₀ start at zero (so every
  /// gate starts half open and every read mode at one third).
  public init(configuration: DNCConfiguration, seed: UInt64) {
    self.init(zerosFor: configuration)
    values = layout.seededValues(seed: seed, controller: configuration.controller)
  }

  /// The same parameters in another precision (the gradient checks run in Double).
  public func converted<T: NTMScalar>(to: T.Type = T.self) -> DNCParameters<T> {
    var result = DNCParameters<T>(zerosFor: configuration)
    result.values = values.map { T($0) }
    return result
  }

  /// One block's values, copied out.
  public subscript(name: String) -> [Scalar] {
    guard let block = layout.block(named: name) else { return [] }
    return Array(values[block.range])
  }
}

/// The offsets of a DNC's dense layers and its interface layout, which every step reads.
struct DNCOffsets: Sendable, Equatable {
  var controller: ControllerPlacement
  var interface: InterfaceLayout<DNCInterfaceField>
  var interfaceWeight: Int
  var interfaceBias: Int
  var outputWeight: Int
  var outputBias: Int

  init(_ c: DNCConfiguration, _ layout: ParameterLayout, interface: InterfaceLayout<DNCInterfaceField>) {
    controller = layout.controllerPlacement(
      c.controller, inputWidth: c.controllerInputWidth, taskInputWidth: c.inputWidth)
    self.interface = interface
    interfaceWeight = layout.offset(ParameterLayout.Name.interfaceWeight)
    interfaceBias = layout.offset(ParameterLayout.Name.interfaceBias)
    outputWeight = layout.offset(ParameterLayout.Name.outputWeight)
    outputBias = layout.offset(ParameterLayout.Name.outputBias)
  }
}

extension ParameterLayout.Name {
  /// The DNC's interface layer, which emits ξₜ from hₜ.
  static let interfaceWeight = "interface.weight"
  static let interfaceBias = "interface.bias"
}

extension ParameterLayout {
  /// The number of parameters `DNCParameters(zerosFor: c)` would have, computed without
  /// allocating them. Assumes `c.validate()` bounded every size, which keeps each block's shape
  /// small; the products and the sum are overflow-checked.
  static func checkedCount(_ c: DNCConfiguration) -> Int? {
    DNCParameters<Float>.blocks(c, interface: c.interfaceLayout).reduce(Int?(0)) { total, block in
      Checked.sum(total, block.shape.reduce(Int?(1)) { Checked.product($0, $1) })
    }
  }
}

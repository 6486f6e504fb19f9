/// Where each named block of parameters lives in the one flat parameter vector.
///
/// All parameters sit in a single contiguous array so that the optimiser, gradient clipping,
/// the mini-batch reduction and the checkpoint each work on one buffer; the blocks give the
/// pieces their names (the safetensors tensor names) and shapes.
public struct ParameterLayout: Sendable, Equatable {
  /// One named tensor of the parameter vector, e.g. `controller.lstm0.weight`.
  public struct Block: Sendable, Equatable {
    /// The tensor's name, as checkpoints store it.
    public let name: String
    /// Its dimensions: rows × columns for a weight matrix, one dimension for a vector.
    public let shape: [Int]
    /// Where its values start in the flat parameter vector.
    public let offset: Int
    /// The number of values.
    public var count: Int { shape.reduce(1, *) }
    /// Its values' indices in the flat parameter vector.
    public var range: Range<Int> { offset..<(offset + count) }
  }

  /// Every block, in the order they lie in the parameter vector.
  public private(set) var blocks: [Block] = []
  /// The length of the parameter vector.
  public private(set) var count = 0
  private var index: [String: Int] = [:]
  /// The offsets of the dense layers, which every timestep reads.
  private(set) var dense = DenseOffsets()

  /// Offsets of the dense layers' weights and biases, found once: a lookup by name builds and
  /// hashes a string, and at a dozen lookups per timestep that was a measurable part of a step.
  struct DenseOffsets: Sendable, Equatable {
    /// Per LSTM layer, or the one feedforward layer.
    var controllerWeight: [Int] = []
    var controllerBias: [Int] = []
    /// Per head, in `HeadID.all` order (write heads first).
    var headWeight: [Int] = []
    var headBias: [Int] = []
    /// Per head, the layout of the vector its layer emits (`Configuration.headLayout`).
    var headLayouts: [InterfaceLayout<NTMHeadField>] = []
    var outputWeight = 0
    var outputBias = 0
    var writeHeads = 0

    func headWeight(_ head: HeadID) -> Int { headWeight[index(head)] }
    func headBias(_ head: HeadID) -> Int { headBias[index(head)] }
    func headLayout(_ head: HeadID) -> InterfaceLayout<NTMHeadField> { headLayouts[index(head)] }
    private func index(_ head: HeadID) -> Int {
      switch head {
      case .write(let i): i
      case .read(let i): writeHeads + i
      }
    }
  }

  /// The offset of a block; traps on an unknown name, which is a programming error.
  public func offset(_ name: String) -> Int { blocks[index[name]!].offset }
  /// The block with this name, or nil if the configuration has none.
  public func block(named name: String) -> Block? { index[name].map { blocks[$0] } }

  mutating func add(_ name: String, _ shape: [Int]) {
    precondition(index[name] == nil, "duplicate parameter block \(name)")
    index[name] = blocks.count
    blocks.append(Block(name: name, shape: shape, offset: count))
    count += shape.reduce(1, *)
  }

  /// The names the model uses, so that every part of the code spells them the same way.
  enum Name {
    static func lstmWeight(_ layer: Int) -> String { "controller.lstm\(layer).weight" }
    static func lstmBias(_ layer: Int) -> String { "controller.lstm\(layer).bias" }
    static func lstmInitialHidden(_ layer: Int) -> String { "controller.lstm\(layer).initialHidden" }
    static func lstmInitialCell(_ layer: Int) -> String { "controller.lstm\(layer).initialCell" }
    static let feedforwardWeight = "controller.feedforward.weight"
    static let feedforwardBias = "controller.feedforward.bias"
    static func headWeight(_ head: HeadID) -> String { "\(head).weight" }
    static func headBias(_ head: HeadID) -> String { "\(head).bias" }
    static func initialWeighting(_ head: HeadID) -> String { "\(head).initialWeighting" }
    static func initialRead(_ readHead: Int) -> String { "read\(readHead).initialRead" }
    static let outputWeight = "output.weight"
    static let outputBias = "output.bias"
    static let initialMemory = "memory.initial"
  }

  /// The named blocks in order: the layout of a machine other than the NTM (its dense offsets,
  /// which only the NTM's step reads, stay empty).
  init(blocks: [(name: String, shape: [Int])]) {
    for (name, shape) in blocks { add(name, shape) }
  }

  /// The layout for a configuration. Gate order in an LSTM block is input, forget, cell, output.
  public init(_ c: Configuration) {
    let hidden = c.controller.outputSize
    for (name, shape) in Self.controllerBlocks(c.controller, inputWidth: c.controllerInputWidth) {
      add(name, shape)
    }
    let headLayouts = HeadID.all(c).map { c.headLayout(isWrite: $0.isWrite) }
    for (head, headLayout) in zip(HeadID.all(c), headLayouts) {
      add(Name.headWeight(head), [headLayout.count, hidden])
      add(Name.headBias(head), [headLayout.count])
    }
    add(Name.outputWeight, [c.outputWidth, hidden + c.readHeads * c.memoryWidth])
    add(Name.outputBias, [c.outputWidth])
    // Learned initial state (docs/ntm.md, "The state a run starts from"): kept as parameters even when fixed, so
    // that a checkpoint always records the values the machine starts from.
    for head in HeadID.all(c) { add(Name.initialWeighting(head), [c.memoryLocations]) }
    for r in 0..<c.readHeads { add(Name.initialRead(r), [c.memoryWidth]) }
    for (name, shape) in Self.controllerInitialStateBlocks(c.controller) { add(name, shape) }
    // Last, so that a learned M₀ moves no other block.
    if c.memoryInitialisation == .learned { add(Name.initialMemory, [c.memoryLocations, c.memoryWidth]) }
    let controller = controllerPlacement(
      c.controller, inputWidth: c.controllerInputWidth, taskInputWidth: c.inputWidth)
    dense.controllerWeight = controller.weights
    dense.controllerBias = controller.biases
    dense.headWeight = HeadID.all(c).map { offset(Name.headWeight($0)) }
    dense.headBias = HeadID.all(c).map { offset(Name.headBias($0)) }
    dense.headLayouts = headLayouts
    dense.outputWeight = offset(Name.outputWeight)
    dense.outputBias = offset(Name.outputBias)
    dense.writeHeads = c.writeHeads
  }

  /// A controller's dense layers, taking an input x̂ₜ of `inputWidth` values: per LSTM layer
  /// its weight (gates input, forget, cell, output, each over [input; hₜ₋₁]) and bias, or the one
  /// feedforward layer's.
  static func controllerBlocks(_ controller: Configuration.Controller, inputWidth: Int) -> [(
    name: String, shape: [Int]
  )] {
    switch controller {
    case .lstm(let layers, let size):
      return (0..<layers).flatMap { l in
        let inputSize = l == 0 ? inputWidth : size
        return [(Name.lstmWeight(l), [4 * size, inputSize + size]), (Name.lstmBias(l), [4 * size])]
      }
    case .feedforward(let size, _):
      return [(Name.feedforwardWeight, [size, inputWidth]), (Name.feedforwardBias, [size])]
    }
  }

  /// Where the controller's layers sit in this layout (their blocks named as `controllerBlocks`
  /// names them), for a controller input x̂ₜ of `inputWidth` values that starts with the task
  /// input xₜ of `taskInputWidth`.
  func controllerPlacement(_ controller: Configuration.Controller, inputWidth: Int, taskInputWidth: Int)
    -> ControllerPlacement
  {
    let (weights, biases): ([String], [String])
    switch controller {
    case .lstm(let layers, _):
      (weights, biases) = ((0..<layers).map(Name.lstmWeight), (0..<layers).map(Name.lstmBias))
    case .feedforward:
      (weights, biases) = ([Name.feedforwardWeight], [Name.feedforwardBias])
    }
    return ControllerPlacement(
      network: controller, inputWidth: inputWidth, taskInputWidth: taskInputWidth,
      weights: weights.map(offset), biases: biases.map(offset))
  }

  /// An LSTM controller's learned initial state, h₀ and c₀ per layer (none for feedforward).
  static func controllerInitialStateBlocks(_ controller: Configuration.Controller) -> [(
    name: String, shape: [Int]
  )] {
    guard case .lstm(let layers, let size) = controller else { return [] }
    return (0..<layers).flatMap { l in
      [(Name.lstmInitialHidden(l), [size]), (Name.lstmInitialCell(l), [size])]
    }
  }

  /// The number of parameters `ParameterLayout(c).count` would have, computed without building
  /// the layout, or nil if it does not fit in an `Int`. A checkpoint's configuration comes from a
  /// file: this lets the loader refuse one far larger than the file's tensors before allocating.
  /// Assumes `c.validate()` passed (no negative sizes).
  static func checkedCount(_ c: Configuration) -> Int? {
    typealias C = Checked
    let m = c.memoryWidth
    let reads = C.product(c.readHeads, m)
    let controllerInput = C.sum(c.inputWidth, reads)
    var controller: Int?
    var initialController: Int? = 0
    switch c.controller {
    case .lstm(let layers, let size):
      let gates = C.product(4, size)
      let first = C.sum(C.product(gates, C.sum(controllerInput, size)), gates)
      let other = C.sum(C.product(gates, C.product(2, size)), gates)
      controller = C.sum(first, C.product(layers - 1, other))
      initialController = C.product(layers, 2, size)
    case .feedforward(let size, _):
      controller = C.sum(C.product(size, controllerInput), size)
    }
    let hidden = c.controller.outputSize
    func head(isWrite: Bool) -> Int? {
      let count = InterfaceFieldSize.checkedCount(c.headFields(isWrite: isWrite).map(\.1))
      return C.sum(C.product(count, hidden), count)
    }
    let heads = C.sum(
      C.product(c.writeHeads, head(isWrite: true)), C.product(c.readHeads, head(isWrite: false)))
    let output = C.sum(C.product(c.outputWidth, C.sum(hidden, reads)), c.outputWidth)
    let memory = c.memoryInitialisation == .learned ? C.product(c.memoryLocations, m) : 0
    let initial = C.sum(
      C.product(C.sum(c.writeHeads, c.readHeads), c.memoryLocations), reads, initialController, memory)
    return C.sum(controller, heads, output, initial)
  }

  /// Whether a block is part of the initial state rather than a dense layer (w₀, r₀, h₀ and c₀
  /// are frozen when the configuration says the initial state is fixed; a learned M₀ is not).
  static func isInitialState(_ name: String) -> Bool {
    name.hasSuffix(".initialWeighting") || name.hasSuffix(".initialRead")
      || name.hasSuffix(".initialHidden") || name.hasSuffix(".initialCell") || name == Name.initialMemory
  }
}

/// A head's identity: write heads are numbered write0, write1 …, read heads read0, read1 ….
/// Write heads come first everywhere, as they act first within a timestep.
public enum HeadID: Hashable, Sendable, CustomStringConvertible {
  /// The write head of this index (from 0).
  case write(Int)
  /// The read head of this index (from 0).
  case read(Int)

  /// Whether this is a write head.
  public var isWrite: Bool { if case .write = self { true } else { false } }
  public var description: String {
    switch self {
    case .write(let i): "write\(i)"
    case .read(let i): "read\(i)"
    }
  }
  static func all(_ c: Configuration) -> [HeadID] {
    (0..<c.writeHeads).map(HeadID.write) + (0..<c.readHeads).map(HeadID.read)
  }
}

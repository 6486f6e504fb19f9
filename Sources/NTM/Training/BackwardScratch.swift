/// Every vector the NTM's backward pass carries or needs within a step, kept from one sequence
/// to the next by a trainer (`TrainingWorkspace`), so that the backward pass allocates nothing
/// per step: each is overwritten in place, at the same length every time.
struct BackwardScratch<S: NTMScalar>: Sendable {
  /// dL/dMₜ, and the buffer `MemoryAccess.writeBackward` writes dL/dMₜ₋₁ into (the two swap).
  var dMemory: [S] = []
  var dMemoryBefore: [S] = []
  /// dL/dwₜ of every head, write heads first, and the same for wₜ₋₁ as this step finds it.
  var dWeightings: [[S]] = []
  var dPreviousWeightings: [[S]] = []
  /// dL/drₜ of every read head.
  var dReads: [[S]] = []
  /// dL/dhₜ and dL/dcₜ of every LSTM layer, carried back from step t + 1.
  var dState = ControllerState<S>(hidden: [], cell: [])
  /// dL/dhₜ from this step's heads and output, the output's gradient, and Wᵀ dz of a layer.
  var dh: [S] = []
  var dLogits: [S] = []
  var dJoined: [S] = []
  var dFromRead: [S] = []
  var dFromHead: [S] = []
  /// A head's addressing gradients, its activated vector, that vector's gradient and the raw one.
  var dAddressing = AddressingGradients<S>()
  var activated: [S] = []
  var dActivated: [S] = []
  var dRaw: [S] = []
  /// The addressing's and the write's scratch space, and the controller's.
  var addressing: [S] = []
  var write = WriteGradients<S>()
  var controller = ControllerBackwardScratch<S>()

  /// The carried gradients zeroed for a new sequence, at the machine's sizes.
  mutating func prepare(heads: Int, readHeads: Int, locations n: Int, width m: Int, hidden: Int) {
    Self.zero(&dWeightings, count: heads, length: n)
    Self.zero(&dPreviousWeightings, count: heads, length: n)
    Self.zero(&dReads, count: readHeads, length: m)
    dh.overwriteWithZeros(count: hidden)
  }

  /// dL/dhₜ and dL/dcₜ zeroed for an LSTM of `layers` layers of `size` units.
  mutating func prepareControllerState(layers: Int, size: Int) {
    Self.zero(&dState.hidden, count: layers, length: size)
    Self.zero(&dState.cell, count: layers, length: size)
  }

  /// `count` vectors of `length` zeros, in the buffers `vectors` has when it can.
  static func zero(_ vectors: inout [[S]], count: Int, length: Int) {
    if vectors.count != count { vectors = [[S]](repeating: [], count: count) }
    for i in vectors.indices { vectors[i].overwriteWithZeros(count: length) }
  }
}

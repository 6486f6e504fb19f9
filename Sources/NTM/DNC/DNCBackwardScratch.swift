/// Every vector the DNC's backward pass carries or needs within a step, kept from one sequence
/// to the next by a trainer (`TrainingWorkspace`), so that the backward pass allocates nothing
/// per step: each is overwritten in place, at the same length every time.
struct DNCBackwardScratch<S: NTMScalar>: Sendable {
  /// dL/dMₜ, and the buffer `MemoryAccess.writeBackward` writes dL/dMₜ₋₁ into (the two swap).
  var dMemory: [S] = []
  var dMemoryBefore: [S] = []
  /// dL/duₜ, dL/dpₜ, dL/dwʷₜ and each read head's dL/dwʳₜ carried from step t + 1, and the
  /// buffers this step writes the same for step t − 1 into (each pair swaps after a step).
  var dUsage: [S] = []
  var dPreviousUsage: [S] = []
  var dPrecedence: [S] = []
  var dPreviousPrecedence: [S] = []
  var dWrite: [S] = []
  var dPreviousWrite: [S] = []
  var dReadWeightings: [[S]] = []
  var dPreviousReadWeightings: [[S]] = []
  /// dL/dLₜ, carried back in place.
  var dLink: [S] = []
  /// dL/drₜ of every read head, and dL/dhₜ and dL/dcₜ of every LSTM layer.
  var dReads: [[S]] = []
  var dState = ControllerState<S>(hidden: [], cell: [])
  /// dL/dhₜ from this step's interface and output, dL/dξₜ, and the output's gradients.
  var dh: [S] = []
  var dXi: [S] = []
  var dLogits: [S] = []
  var dJoined: [S] = []
  /// A read head's: dL/dwʳₜ with its read's part, that part, a weighting gradient scaled by a
  /// mode or gate, and the link-following weightings' gradients (and their sharpened ones').
  var dWeighting: [S] = []
  var dFromRead: [S] = []
  var scaled: [S] = []
  var dForward: [S] = []
  var dBackward: [S] = []
  var dSharpened: [S] = []
  var logarithms: [S] = []
  /// The heads' wʳₜ₋₁ (as vectors, and laid end to end), their df then db laid end to end, and
  /// the link pass's row and column sums (`TemporalLink.backward`).
  var previousWeightings: [[S]] = []
  var previousReads: [S] = []
  var dLinks: [S] = []
  var linkSums: [S] = []
  /// dL/dwʷₜ in all, the write's gradients, erase and add vectors, the memory wiped by
  /// de-allocation and dL/dψₜ through it.
  var dWriteWeighting: [S] = []
  var write = WriteGradients<S>()
  var erase: [S] = []
  var add: [S] = []
  var retained = Matrix<S>(rows: 0, columns: 0)
  var dRetention: [S] = []
  /// A lookup's gradients and scratch.
  var lookup = MaskedLookupScratch<S>()
  /// Allocation: dL/du from the allocation weighting, the products along the free list, the
  /// free gates and their gradients, and dL/dψₜ in all.
  var dUsageFromAllocation: [S] = []
  var prefix: [S] = []
  var freeGates: [S] = []
  var dFreeGates: [S] = []
  var dPsi: [S] = []
  /// dL/d(raw ξₜ) and Wᵀ of it, and the controller's scratch.
  var dRaw: [S] = []
  var dFromInterface: [S] = []
  var controller = ControllerBackwardScratch<S>()
  /// Zeros standing for u₀, wʷ₀ (N) and L₀ (N × N), which no record holds.
  var zeros: [S] = []
  var zeroLink = Matrix<S>(rows: 0, columns: 0)

  /// The carried gradients zeroed for a new sequence, at the machine's sizes.
  mutating func prepare(locations n: Int, width w: Int, readHeads: Int, controller: Configuration.Controller)
  {
    dMemory.overwriteWithZeros(count: n * w)
    dLink.overwriteWithZeros(count: n * n)
    dUsage.overwriteWithZeros(count: n)
    dPrecedence.overwriteWithZeros(count: n)
    dWrite.overwriteWithZeros(count: n)
    zeros.overwriteWithZeros(count: n)
    BackwardScratch.zero(&dReadWeightings, count: readHeads, length: n)
    BackwardScratch.zero(&dPreviousReadWeightings, count: readHeads, length: n)
    BackwardScratch.zero(&dReads, count: readHeads, length: w)
    if previousWeightings.count != readHeads { previousWeightings = [[S]](repeating: [], count: readHeads) }
    if zeroLink.rows != n || zeroLink.columns != n { zeroLink = Matrix(rows: n, columns: n) }
    if case .lstm(let layers, let size) = controller {
      BackwardScratch.zero(&dState.hidden, count: layers, length: size)
      BackwardScratch.zero(&dState.cell, count: layers, length: size)
    } else {
      dState = ControllerState(hidden: [], cell: [])
    }
  }

}

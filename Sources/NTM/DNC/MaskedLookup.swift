/// The DNC's content lookups, with Csordás & Schmidhuber's masking when it is on: C(M, k, β), or
/// C(M ∘ m, k ∘ m, β) with every row and the key masked alike, forward and backward.
enum MaskedLookup {
  static func forward<S: NTMScalar>(_ memory: Matrix<S>, key: [S], keyStrength: S, mask: [S]?)
    -> ContentWeighting<S>
  {
    guard let mask else { return ContentWeighting(key: key, keyStrength: keyStrength, memory: memory) }
    return ContentWeighting(
      key: zip(key, mask).map(*), keyStrength: keyStrength, memory: masked(memory, mask))
  }

  /// M ∘ m: every row multiplied by the mask.
  static func masked<S: NTMScalar>(_ memory: Matrix<S>, _ mask: [S]) -> Matrix<S> {
    memory.scaled { _, j in mask[j] }
  }

  /// The gradients with respect to the (unmasked) key, the key strength and the mask (nil
  /// without masking), given `dWeighting`; the gradient with respect to `memory` is added into
  /// `memoryGradient`.
  static func backward<S: NTMScalar>(
    _ lookup: ContentWeighting<S>, memory: Matrix<S>, key: [S], mask: [S]?, dWeighting: [S],
    memoryGradient: inout [S]
  ) -> (key: [S], keyStrength: S, mask: [S]?) {
    guard let mask else {
      let (dKey, dKeyStrength) = lookup.backward(
        memory: memory, dWeighting: dWeighting, memoryGradient: &memoryGradient)
      return (dKey, dKeyStrength, nil)
    }
    let w = memory.columns
    var dMasked = [S](repeating: 0, count: memory.values.count)
    let (dMaskedKey, dKeyStrength) = lookup.backward(
      memory: masked(memory, mask), dWeighting: dWeighting, memoryGradient: &dMasked)
    var dMask = (0..<w).map { dMaskedKey[$0] * key[$0] }
    for i in 0..<memory.rows {
      for j in 0..<w {
        memoryGradient[i * w + j] += dMasked[i * w + j] * mask[j]
        dMask[j] += dMasked[i * w + j] * memory.values[i * w + j]
      }
    }
    return ((0..<w).map { dMaskedKey[$0] * mask[$0] }, dKeyStrength, dMask)
  }
}

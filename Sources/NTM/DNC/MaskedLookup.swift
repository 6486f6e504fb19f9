/// The DNC's content lookups, with Csordás & Schmidhuber's masking when it is on: C(M, k, β), or
/// C(M ∘ m, k ∘ m, β) with every row and the key masked alike, forward and backward.
///
/// Both directions write into vectors the caller keeps (a step record's lookup, the backward
/// pass's `MaskedLookupScratch`), so that a trainer's steps allocate none.
enum MaskedLookup {
  static func forward<S: NTMScalar>(_ memory: Matrix<S>, key: [S], keyStrength: S, mask: [S]?)
    -> ContentWeighting<S>
  {
    var lookup = ContentWeighting<S>.empty
    var scratch = MaskedLookupScratch<S>()
    forward(memory, key: key, keyStrength: keyStrength, mask: mask, into: &lookup, scratch: &scratch)
    return lookup
  }

  /// `forward` into `lookup`, the masked key and memory (with masking) in `scratch`.
  static func forward<S: NTMScalar>(
    _ memory: Matrix<S>, key: [S], keyStrength: S, mask: [S]?, into lookup: inout ContentWeighting<S>,
    scratch: inout MaskedLookupScratch<S>
  ) {
    guard let mask else { return lookup.update(key: key, keyStrength: keyStrength, memory: memory) }
    scratch.key.overwrite(count: key.count) { masked in
      for j in 0..<key.count { masked[j] = key[j] * mask[j] }
    }
    memory.scaled(by: { _, j in mask[j] }, into: &scratch.memory)
    lookup.update(key: scratch.key, keyStrength: keyStrength, memory: scratch.memory)
  }

  /// The gradients with respect to the (unmasked) key, the key strength and the mask, given
  /// `dWeighting`: the key's into `gradients.key`, the mask's (with masking) into
  /// `gradients.mask`, the key strength's returned; the gradient with respect to `memory` is
  /// added into `memoryGradient`.
  static func backward<S: NTMScalar>(
    _ lookup: ContentWeighting<S>, memory: Matrix<S>, key: ArraySlice<S>, mask: ArraySlice<S>?,
    dWeighting: [S], memoryGradient: inout [S], gradients: inout MaskedLookupScratch<S>
  ) -> S {
    guard let mask else {
      return lookup.backward(
        memory: memory, dWeighting: dWeighting, memoryGradient: &memoryGradient, dKey: &gradients.key,
        scratch: &gradients.content)
    }
    let (w, base, maskBase) = (memory.columns, key.startIndex, mask.startIndex)
    memory.scaled(by: { _, j in mask[maskBase + j] }, into: &gradients.memory)
    gradients.dMasked.overwriteWithZeros(count: memory.values.count)
    let dKeyStrength = lookup.backward(
      memory: gradients.memory, dWeighting: dWeighting, memoryGradient: &gradients.dMasked,
      dKey: &gradients.dMaskedKey, scratch: &gradients.content)
    let (dMaskedKey, dMasked) = (gradients.dMaskedKey, gradients.dMasked)
    gradients.mask.overwrite(count: w) { dMask in
      for j in 0..<w { dMask[j] = dMaskedKey[j] * key[base + j] }
      dMasked.withUnsafeBufferPointer { dMasked in
        memoryGradient.withUnsafeMutableBufferPointer { memoryGradient in
          for i in 0..<memory.rows {
            for j in 0..<w {
              memoryGradient[i * w + j] += dMasked[i * w + j] * mask[maskBase + j]
              dMask[j] += dMasked[i * w + j] * memory.values[i * w + j]
            }
          }
        }
      }
    }
    gradients.key.overwrite(count: w) { dKey in
      for j in 0..<w { dKey[j] = dMaskedKey[j] * mask[maskBase + j] }
    }
    return dKeyStrength
  }
}

/// A lookup's gradients with respect to its key and mask, and the vectors masking needs on the
/// way (the masked memory, its gradient and the masked key's), kept across steps.
struct MaskedLookupScratch<S: NTMScalar>: Sendable {
  /// The masked key forward; the key's gradient backward.
  var key: [S] = []
  /// The mask's gradient (with masking).
  var mask: [S] = []
  /// M ∘ m, and its gradient.
  var memory = Matrix<S>(rows: 0, columns: 0)
  var dMasked: [S] = []
  var dMaskedKey: [S] = []
  /// The lookup's own backward scratch (`ContentWeighting.backward`).
  var content: [S] = []
}

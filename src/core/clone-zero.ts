/**
 * A fresh copy of a zero value for fold / aggregate / foldByKey, as Spark serialises and deserialises
 * its zero per use: a mutable zero (an array, an object) is never shared between keys or partitions.
 */
export function cloneZero<Z>(zero: Z): Z {
  return typeof zero === 'object' && zero !== null ? structuredClone(zero) : zero;
}

/**
 * Bayesian comparisons of trained-network ensembles: distances between discrete and Gaussian
 * distributions, bootstrap intervals, symmetry-aware clustering of networks, batched training of
 * tiny networks, and the tempering of SGD cluster probabilities by the effective diffusion D_xi
 * (arXiv 2503.22478, experiment 3).
 *
 * @module bayes
 */
export * from "./discreteDistribution";
export * from "./klDivergence";
export * from "./jensenShannonDivergence";
export * from "./wassersteinDistance";
export * from "./gaussianKlDivergence";
export * from "./gaussianWassersteinDistance";
export * from "./bootstrapIntervals";
export * from "./trainTinyEnsemble";
export * from "./networkFunction";
export * from "./canonicalParameters";
export * from "./pairwiseDistances";
export * from "./agglomerativeClustering";
export * from "./nearestCluster";
export * from "./adjustedRandIndex";
export * from "./clusterProbabilities";
export * from "./basinMeans";
export * from "./clusterNetworks";
export * from "./kMedoids";
export * from "./clusterSeparation";
export * from "./transitionCounts";
export * from "./ensembleDrift";
export * from "./divergenceNoiseFloor";

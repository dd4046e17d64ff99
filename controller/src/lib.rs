pub mod crd;
pub mod reconcile;

pub(crate) mod binary;
pub(crate) mod limited;
pub(crate) mod seeds;
pub(crate) mod tools;

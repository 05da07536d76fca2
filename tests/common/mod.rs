pub(crate) mod limited;
pub(crate) mod seeds;

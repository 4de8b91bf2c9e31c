pub mod interchange_gen;
pub mod npo_portal;

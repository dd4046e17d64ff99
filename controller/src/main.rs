fn main() {
    print!("{}", controller::crd::crds_yaml().unwrap());
}

# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "6.28.0"
  constraints = "~> 6.28.0"
  hashes = [
    "h1:pAg//+BvaDrvVtw5xgijtsKXAYQGLn2mKl0LBUf6aO8=",
    "zh:0ba0d5eb6e0c6a933eb2befe3cdbf22b58fbc0337bf138f95bf0e8bb6e6df93e",
    "zh:23eacdd4e6db32cf0ff2ce189461bdbb62e46513978d33c5de4decc4670870ec",
    "zh:307b06a15fc00a8e6fd243abde2cbe5112e9d40371542665b91bec1018dd6e3c",
    "zh:37a02d5b45a9d050b9642c9e2e268297254192280df72f6e46641daca52e40ec",
    "zh:3da866639f07d92e734557d673092719c33ede80f4276c835bf7f231a669aa33",
    "zh:480060b0ba310d0f6b6a14d60b276698cb103c48fd2f7e2802ae47c963995ec6",
    "zh:57796453455c20db80d9168edbf125bf6180e1aae869de1546a2be58e4e405ec",
    "zh:69139cba772d4df8de87598d8d8a2b1b4b254866db046c061dccc79edb14e6b9",
    "zh:7312763259b859ff911c5452ca8bdf7d0be6231c5ea0de2df8f09d51770900ac",
    "zh:8d2d6f4015d3c155d7eb53e36f019a729aefb46ebfe13f3a637327d3a1402ecc",
    "zh:94ce589275c77308e6253f607de96919b840c2dd36c44aa798f693c9dd81af42",
    "zh:9b12af85486a96aedd8d7984b0ff811a4b42e3d88dad1a3fb4c0b580d04fa425",
    "zh:adaceec6a1bf4f5df1e12bd72cf52b72087c72efed078aef636f8988325b1a8b",
    "zh:d37be1ce187d94fd9df7b13a717c219964cd835c946243f096c6b230cdfd7e92",
    "zh:fe6205b5ca2ff36e68395cb8d3ae10a3728f405cdbcd46b206a515e1ebcf17a1",
  ]
}

provider "registry.terraform.io/okta/okta" {
  version     = "6.5.3"
  constraints = "~> 6.5.0"
  hashes = [
    "h1:82tfVtk0jcdr+KcLsL86IiEqpPld6E7msMpGX3I76WM=",
    "zh:076761d9a1753dd7a210985754abbc32b7f4a6c252a69b8e717934087d584e42",
    "zh:0e6bfedef43335288ca4bfa5d037507a2f0e16e9a4987dcab535d7618564178d",
    "zh:2a8a68909133c06ba7562d6095ab06c8c6d07a6c14bd426474ab69ba9401d2d8",
    "zh:5d172f366501313dcf05bd09dc9ad9b191c413804f8da026f3b9bdeb0d2ac171",
    "zh:717846367f470d2fc98a609cf5584497efa99f202ceb1731d4cb69396490ef7d",
    "zh:820be28596d849e6e441a156072ffdb3a73cbbbbb3fa4e9b77081fafdfabb7d0",
    "zh:853826d1c71fd0ed16bc4a1973dce83f39469b30ad7387433b2e3f95b3db1f92",
    "zh:9b565ce7e617f44539dd29fef343676a61744425cacfce7aed1d0f5f3676fc79",
    "zh:b6afcedb078ed21a71dc7617670335e3e82b99f37656c99916dd470858a99cc0",
    "zh:b9d4ff13227413deb5dfdf9fed8e5a19a28c7004a075c2d0bd80fae32d8385b9",
    "zh:c5428d60dbf67b10f073f92d9515eeb9de060316292827e08d6a4f8aff982a81",
    "zh:cdec81c709b13c2f7e00e9e1da38b58281ca0f1c27f71c5244135000f90c50ca",
    "zh:def628e65afe23ec14421ea5932ce98fe3e25204709c37167fab926dfbea2c10",
    "zh:fba63420d042e04b40cbdba746b6c90ffbcd49d66f44fa43030f4df16b9834c8",
  ]
}

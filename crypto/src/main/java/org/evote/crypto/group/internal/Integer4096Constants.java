package org.evote.crypto.group.internal;

import java.math.BigInteger;

/**
 * The standard baseline parameters of ElectionGuard 2.0 §3.1.1, as printed in the spec: the
 * 4096-bit prime p, q = 2^256 - 189, the cofactor r = (p - 1)/q and g = 2^r mod p. {@link
 * IntegerGroup#INTEGER4096} checks their relations when the class is first used.
 */
final class Integer4096Constants {
  private Integer4096Constants() {}

  /** p, spec §3.1.1. */
  static final BigInteger P =
      new BigInteger(
          "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
          + "b17217f7d1cf79abc9e3b39803f2f6af40f343267298b62d8a0d175b8baafa2b"
          + "e7b876206debac98559552fb4afa1b10ed2eae35c138214427573b291169b825"
          + "3e96ca16224ae8c51acbda11317c387eb9ea9bc3b136603b256fa0ec7657f74b"
          + "72ce87b19d6548caf5dfa6bd38303248655fa1872f20e3a2da2d97c50f3fd5c6"
          + "07f4ca11fb5bfb90610d30f88fe551a2ee569d6dfc1efa157d2e23de1400b396"
          + "17460775db8990e5c943e732b479cd33cccc4e659393514c4c1a1e0bd1d6095d"
          + "25669b333564a3376a9c7f8a5e148e82074db6015cfe7aa30c480a5417350d2c"
          + "955d5179b1e17b9dae313cdb6c606cb1078f735d1b2db31b5f50b5185064c18b"
          + "4d162db3b365853d7598a1951ae273ee5570b6c68f96983496d4e6d330af889b"
          + "44a02554731cdc8ea17293d1228a4ef98d6f5177fbcf0755268a5c1f9538b982"
          + "61affd446b1ca3cf5e9222b88c66d3c5422183edc99421090bbb16faf3d949f2"
          + "36e02b20cee886b905c128d53d0bd2f9621363196af503020060e49908391a0c"
          + "57339ba2beba7d052ac5b61cc4e9207cef2f0ce2d7373958d762265890445744"
          + "fb5f2da4b751005892d356890defe9cad9b9d4b713e06162a2d8fdd0df2fd608"
          + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
          16);

  /** q = 2^256 - 189, spec eq. 3. */
  static final BigInteger Q = BigInteger.TWO.pow(256).subtract(BigInteger.valueOf(189));

  /** r = (p - 1)/q, spec §3.1.1. */
  static final BigInteger R =
      new BigInteger(
          "100000000000000000000000000000000000000000000000000000000000000b"
          + "cb17217f7d1cf79abc9e3b39803f2f6af40f343267298b62d8a0d175b8bab857"
          + "ae8f428165418806c62b0ea36355a3a73e0c741985bf6a0e3130179bf2f0b43e"
          + "33ad862923861b8c9f768c4169519600bad06093f964b27e02d86831231a9160"
          + "de48f4da53d8ab5e69e386b694bec1ae722d47579249d5424767c5c33b9151e0"
          + "7c5c11d106ac446d330b47db59d352e47a53157de04461900f6fe360db897df5"
          + "316d87c94ae71dad0be84b647c4bcf818c23a2d4ebb53c702a5c8062d19f5e9b"
          + "5033a94f7ff732f54129712869d97b8c96c412921a9d8679770f499a041c297c"
          + "ff79d4c9149eb6caf67b9ea3dc563d965f3aad1377ff22de9c3e62068dd0ed61"
          + "51c37b4f74634c2bd09da912fd599f4333a8d2cc005627dca37bad43e64a3963"
          + "119c0bfe34810a21ee7cfc421d53398cbc7a95b3bf585e5a04b790e2fe1fe9bc"
          + "264fda8109f6454a082f5efb2f37ea237aa29df320d6ea860c41a9054ccd2487"
          + "6c6253f667bfb0139b5531ff30189961202fd2b0d55a75272c7fd73343f7899b"
          + "ca0b36a4c470a64a009244c84e77cebc92417d5bb13bf18167d8033eb6c4dd78"
          + "79fd4a7f529fd4a7f529fd4a7f529fd4a7f529fd4a7f529fd4a7f529fd4a7f52"
          + "a",
          16);

  /** g = 2^r mod p, spec §3.1.1. */
  static final BigInteger G =
      new BigInteger(
          "36036fed214f3b50dc566d3a312fe4131fee1c2bce6d02ea39b477ac05f7f885"
          + "f38cfe77a7e45acf4029114c4d7a9bfe058bf2f995d2479d3dda618ffd910d3c"
          + "4236ab2cfdd783a5016f7465cf59bbf45d24a22f130f2d04fe93b2d58bb9c1d1"
          + "d27fc9a17d2af49a779f3ffbdca22900c14202ee6c99616034be35cbcdd3e7bb"
          + "7996adfe534b63cca41e21ff5dc778ebb1b86c53bfbe99987d7aea0756237fb4"
          + "0922139f90a62f2aa8d9ad34dff799e33c857a6468d001acf3b681db87dc4242"
          + "755e2ac5a5027db81984f033c4d178371f273dbb4fcea1e628c23e52759bc776"
          + "5728035cea26b44c49a65666889820a45c33dd37ea4a1d00cb62305cd541be1e"
          + "8a92685a07012b1a20a746c3591a2db3815000d2aaccfe43dc49e828c1ed7387"
          + "466afd8e4bf1935593b2a442eec271c50ad39f733797a1ea11802a2557916534"
          + "662a6b7e9a9e449a24c8cff809e79a4d806eb681119330e6c57985e39b200b48"
          + "93639fdfdea49f76ad1acd997eba13657541e79ec57437e504eda9dd01106151"
          + "6c643fb30d6d58afccd28b73feda29ec12b01a5eb86399a593a9d5f450de39cb"
          + "92962c5ec6925348db54d128fd99c14b457f883ec20112a75a6a0581d3d80a3b"
          + "4ef09ec86f9552ffda1653f133aa2534983a6f31b0ee4697935a6b1ea2f75b85"
          + "e7eba151ba486094d68722b054633fec51ca3f29b31e77e317b178b6b9d8ae0f",
          16);
}

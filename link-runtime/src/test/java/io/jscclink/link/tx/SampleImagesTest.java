package io.jscclink.link.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jscclink.models.data.DataFolder;
import io.jscclink.models.data.DatasetName;
import io.jscclink.models.data.Datasets;
import io.jscclink.models.data.ImageSet;
import io.jscclink.models.data.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SampleImagesTest {
  @Test
  void theBundledSamplesAreExactlyTheFirstTestImages() throws Exception {
    assumeTrue(Files.isDirectory(DataFolder.locate().resolve("fashion-mnist")), "no data set");
    for (DatasetName d : DatasetName.values()) {
      ImageSet samples = SampleImages.load(d.cliName());
      ImageSet test = Datasets.load(d, Split.TEST);
      assertEquals(SampleImages.COUNT, samples.count());
      assertArrayEquals(Arrays.copyOf(test.labels(), SampleImages.COUNT), samples.labels());
      assertArrayEquals(Arrays.copyOf(test.pixels(), SampleImages.COUNT * 784), samples.pixels(),
          1e-6f);
    }
  }

  @Test
  void anUnknownSetIsAClearError() {
    assertThrows(IOException.class, () -> SampleImages.load("cifar-10"));
  }
}

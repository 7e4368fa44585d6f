// Test oracle: runs dlib's own implementation of the s21 pipeline on the same
// model files and photos as our engine, and prints what it finds as JSON lines
// in the same shape as `facectl embed --json`. Built only for tests and
// benchmarks (see the Makefile); never shipped.
//
// Usage:
//   dlib-oracle MODEL_DIR detect [--upsample N] [--time] IMAGE...
//   dlib-oracle MODEL_DIR chip [--time] CHIP...       (150x150 aligned chips)
//   dlib-oracle MODEL_DIR upsampled IMAGE OUT.png     (pyramid_up of IMAGE, as detect --upsample 1 sees it)
//   dlib-oracle MODEL_DIR landmarks IMAGE LEFT TOP WIDTH HEIGHT [CHIP_OUT.png]
#include <dlib/dnn.h>
#include <dlib/image_io.h>
#include <dlib/image_processing.h>
#include <dlib/image_transforms.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace dlib;

// The detector, as in dlib's mmod_human_face_detector example (the file holds
// batch-norm layers; dlib folds them into affine layers on load).
template <long N, typename S> using con5d = con<N, 5, 5, 2, 2, S>;
template <long N, typename S> using con5 = con<N, 5, 5, 1, 1, S>;
template <typename S> using downsampler =
    relu<affine<con5d<32, relu<affine<con5d<32, relu<affine<con5d<16, S>>>>>>>>>;
template <typename S> using rcon5 = relu<affine<con5<45, S>>>;
using detector_net = loss_mmod<con<1, 9, 9, 1, 1,
    rcon5<rcon5<rcon5<downsampler<input_rgb_image_pyramid<pyramid_down<6>>>>>>>>;

// The recognizer, as in dlib's dnn_face_recognition_ex.
template <template <int, template <typename> class, int, typename> class B, int N,
          template <typename> class BN, typename S>
using residual = add_prev1<B<N, BN, 1, tag1<S>>>;
template <template <int, template <typename> class, int, typename> class B, int N,
          template <typename> class BN, typename S>
using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<B<N, BN, 2, tag1<S>>>>>>;
template <int N, template <typename> class BN, int stride, typename S>
using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, stride, stride, S>>>>>;
template <int N, typename S> using ares = relu<residual<block, N, affine, S>>;
template <int N, typename S> using ares_down = relu<residual_down<block, N, affine, S>>;
template <typename S> using alevel0 = ares_down<256, S>;
template <typename S> using alevel1 = ares<256, ares<256, ares_down<256, S>>>;
template <typename S> using alevel2 = ares<128, ares<128, ares_down<128, S>>>;
template <typename S> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, S>>>>;
template <typename S> using alevel4 = ares<32, ares<32, ares<32, S>>>;
using recognizer_net = loss_metric<fc_no_bias<128, avg_pool_everything<
    alevel0<alevel1<alevel2<alevel3<alevel4<
    max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2,
    input_rgb_image_sized<150>>>>>>>>>>>>>;

static double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

static void print_embedding(const matrix<float, 0, 1>& e) {
    std::printf("\"embedding\": [");
    for (long i = 0; i < e.size(); ++i) std::printf(i ? ", %.8g" : "%.8g", e(i));
    std::printf("]");
}

static void print_landmarks(const full_object_detection& shape, double scale) {
    std::printf("\"landmarks\": [");
    for (unsigned long i = 0; i < shape.num_parts(); ++i)
        std::printf(i ? ", [%.4f, %.4f]" : "[%.4f, %.4f]",
                    shape.part(i).x() / scale, shape.part(i).y() / scale);
    std::printf("]");
}

static matrix<float, 0, 1> l2_normalised(const matrix<float, 0, 1>& e) {
    return e / std::sqrt(sum(squared(e)));
}

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s MODEL_DIR detect|chip|landmarks ...\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1], mode = argv[2];
    recognizer_net recognizer;
    deserialize(dir + "/dlib_face_recognition_resnet_model_v1.dat") >> recognizer;

    int upsample = 0;
    bool timing = false;
    std::vector<std::string> inputs;
    for (int i = 3; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--upsample" && i + 1 < argc) upsample = std::atoi(argv[++i]);
        else if (a == "--time") timing = true;
        else inputs.push_back(a);
    }

    if (mode == "chip") {
        for (const auto& path : inputs) {
            matrix<rgb_pixel> chip;
            load_image(chip, path);
            double t0 = now_ms();
            matrix<float, 0, 1> e = l2_normalised(recognizer(chip));
            double t1 = now_ms();
            std::printf("{\"image\": \"%s\", \"width\": %ld, \"height\": %ld, \"faces\": [{",
                        path.c_str(), chip.nc(), chip.nr());
            print_embedding(e);
            std::printf("}]");
            if (timing) std::printf(", \"time_ms\": {\"embed\": %.3f}", t1 - t0);
            std::printf("}\n");
        }
        return 0;
    }

    shape_predictor predictor;
    deserialize(dir + "/shape_predictor_5_face_landmarks.dat") >> predictor;

    if (mode == "landmarks") {
        if (inputs.size() < 5) { std::fprintf(stderr, "landmarks IMAGE L T W H [CHIP.png]\n"); return 2; }
        matrix<rgb_pixel> img;
        load_image(img, inputs[0]);
        long l = std::atol(inputs[1].c_str()), t = std::atol(inputs[2].c_str());
        long w = std::atol(inputs[3].c_str()), h = std::atol(inputs[4].c_str());
        rectangle box(l, t, l + w - 1, t + h - 1);
        full_object_detection shape = predictor(img, box);
        matrix<rgb_pixel> chip;
        extract_image_chip(img, get_face_chip_details(shape, 150, 0.25), chip);
        if (inputs.size() > 5) save_png(chip, inputs[5]);
        matrix<float, 0, 1> e = l2_normalised(recognizer(chip));
        std::printf("{\"image\": \"%s\", \"width\": %ld, \"height\": %ld, \"faces\": [{",
                    inputs[0].c_str(), img.nc(), img.nr());
        std::printf("\"box\": [%ld, %ld, %ld, %ld], ", l, t, w, h);
        print_landmarks(shape, 1.0);
        std::printf(", ");
        print_embedding(e);
        std::printf("}]}\n");
        return 0;
    }

    if (mode == "upsampled") {
        if (inputs.size() != 2) { std::fprintf(stderr, "upsampled IMAGE OUT.png\n"); return 2; }
        matrix<rgb_pixel> img;
        load_image(img, inputs[0]);
        pyramid_up(img);
        save_png(img, inputs[1]);
        std::printf("{\"image\": \"%s\", \"width\": %ld, \"height\": %ld}\n", inputs[0].c_str(), img.nc(), img.nr());
        return 0;
    }

    if (mode != "detect") { std::fprintf(stderr, "unknown mode %s\n", mode.c_str()); return 2; }
    detector_net detector;
    deserialize(dir + "/mmod_human_face_detector.dat") >> detector;

    for (const auto& path : inputs) {
        matrix<rgb_pixel> original;
        double t0 = now_ms();
        load_image(original, path);
        double t1 = now_ms();
        // With --upsample, as dlib's Python binding (face_recognition) does: detect
        // on the image after N pyramid_up steps, map the boxes back with the
        // pyramid's rect_down, then fit landmarks and cut chips on the original.
        matrix<rgb_pixel> img = original;
        pyramid_down<2> pyr;
        for (int u = 0; u < upsample; ++u) pyramid_up(img, pyr);
        std::vector<mmod_rect> dets = detector(img);
        for (auto& d : dets) d.rect = pyr.rect_down(d.rect, upsample);
        double t2 = now_ms();
        std::sort(dets.begin(), dets.end(), [](const mmod_rect& a, const mmod_rect& b) {
            return a.rect.area() > b.rect.area();
        });
        std::printf("{\"image\": \"%s\", \"width\": %ld, \"height\": %ld, \"faces\": [",
                    path.c_str(), original.nc(), original.nr());
        double landmark_ms = 0, chip_ms = 0, embed_ms = 0;
        for (size_t i = 0; i < dets.size(); ++i) {
            const rectangle& r = dets[i].rect;
            double ta = now_ms();
            full_object_detection shape = predictor(original, r);
            double tb = now_ms();
            matrix<rgb_pixel> chip;
            extract_image_chip(original, get_face_chip_details(shape, 150, 0.25), chip);
            double tc = now_ms();
            matrix<float, 0, 1> e = l2_normalised(recognizer(chip));
            double td = now_ms();
            landmark_ms += tb - ta; chip_ms += tc - tb; embed_ms += td - tc;
            std::printf(i ? ", {" : "{");
            std::printf("\"box\": [%ld, %ld, %lu, %lu], \"confidence\": %.6f, ",
                        r.left(), r.top(), r.width(), r.height(), dets[i].detection_confidence);
            print_landmarks(shape, 1.0);
            std::printf(", ");
            print_embedding(e);
            std::printf("}");
        }
        std::printf("]");
        if (timing)
            std::printf(", \"time_ms\": {\"decode\": %.3f, \"detect\": %.3f, \"landmarks\": %.3f, "
                        "\"chip\": %.3f, \"embed\": %.3f}",
                        t1 - t0, t2 - t1, landmark_ms, chip_ms, embed_ms);
        std::printf("}\n");
    }
    return 0;
}
